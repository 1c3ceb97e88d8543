package dev.hotpath.agent.it.servlet;

import dev.hotpath.agent.it.workload.RequestMix;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Embedded Tomcat (jakarta servlets) with no profiler code: one plain servlet serves {@link RequestMix}'s GET
 * /orders/NUMBER, GET /users/UUID/cart and POST /search sent 5:3:2 with equal work ({@link #spin}), so the true split
 * is 50/30/20;
 * Spring MVC's DispatcherServlet under /api serves GET /api/orders/{id} from a controller ({@link #springSpin}),
 * whose route template must win over the servlet's path.
 */
public final class ServletWorkload {
    static volatile long sink;
    static final AtomicLong SERVED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        Path go = Paths.get(args[1]);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "spin", new SpinServlet());
        context.addServletMappingDecoded("/orders/*", "spin");
        context.addServletMappingDecoded("/users/*", "spin");
        context.addServletMappingDecoded("/search", "spin");
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(WebConfig.class);
        Tomcat.addServlet(context, "spring", new DispatcherServlet(spring)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/api/*", "spring");
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        System.out.println("workload started on " + port);
        for (int i = 0; i < 6000 && !Files.exists(go); i++) {
            Thread.sleep(10);
        }
        RequestMix.run(port, requests, "/api/orders/");
        System.out.println("workload done: " + SERVED.get() + " requests served");
        tomcat.stop();
        tomcat.destroy();
    }

    /** The application's servlet: the same code path for all three endpoints. */
    static final class SpinServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            serve(response);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            serve(response);
        }

        private static void serve(HttpServletResponse response) throws IOException {
            spin(3_000_000);
            SERVED.incrementAndGet();
            response.setContentType("text/plain");
            response.getWriter().write("ok");
        }
    }

    /** Spring MVC set-up without Boot. */
    @Configuration
    @EnableWebMvc
    public static class WebConfig {
        @org.springframework.context.annotation.Bean
        public OrderController orderController() {
            return new OrderController();
        }
    }

    /** A Spring MVC controller with a route template. */
    @RestController
    public static class OrderController {
        @GetMapping("/orders/{id}")
        public String order(@PathVariable("id") String id) {
            springSpin(1_000_000);
            return "order " + id;
        }
    }

    // Counted, not time-boxed; xorshift, which no JIT shortcuts.
    static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }

    static void springSpin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }
}
