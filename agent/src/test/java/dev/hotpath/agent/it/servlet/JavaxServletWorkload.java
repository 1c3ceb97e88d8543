package dev.hotpath.agent.it.servlet;

import dev.hotpath.agent.it.workload.RequestMix;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Embedded Tomcat 9 (javax servlets) with no profiler code: one plain javax servlet serves {@link RequestMix}'s
 * 5:3:2 mix with equal work ({@link #spin}), so the true split is 50/30/20. Tomcat 9 is driven by reflection: the
 * test classes compile against Tomcat 11 (jakarta), whose classes have the same names; the forked JVM has Tomcat 9 on
 * its class path instead.
 */
public final class JavaxServletWorkload {
    static volatile long sink;
    static final AtomicLong SERVED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        Path go = Paths.get(args[1]);
        Class<?> tomcatClass = Class.forName("org.apache.catalina.startup.Tomcat");
        Class<?> contextClass = Class.forName("org.apache.catalina.Context");
        Object tomcat = tomcatClass.getConstructor().newInstance();
        tomcatClass
                .getMethod("setBaseDir", String.class)
                .invoke(tomcat, Files.createTempDirectory("tomcat").toString());
        tomcatClass.getMethod("setPort", int.class).invoke(tomcat, 0);
        Object connector = tomcatClass.getMethod("getConnector").invoke(tomcat);
        Object context =
                tomcatClass.getMethod("addContext", String.class, String.class).invoke(tomcat, "", null);
        tomcatClass
                .getMethod("addServlet", contextClass, String.class, Servlet.class)
                .invoke(null, context, "spin", new SpinServlet());
        Method mapping = contextClass.getMethod("addServletMappingDecoded", String.class, String.class);
        mapping.invoke(context, "/orders/*", "spin");
        mapping.invoke(context, "/users/*", "spin");
        mapping.invoke(context, "/search", "spin");
        tomcatClass.getMethod("start").invoke(tomcat);
        int port = (Integer) connector.getClass().getMethod("getLocalPort").invoke(connector);
        System.out.println("workload started on " + port + " ("
                + Servlet.class.getPackage().getName() + ")");
        for (int i = 0; i < 6000 && !Files.exists(go); i++) {
            Thread.sleep(10);
        }
        RequestMix.run(port, requests, null);
        System.out.println("workload done: " + SERVED.get() + " requests served");
        tomcatClass.getMethod("stop").invoke(tomcat);
        tomcatClass.getMethod("destroy").invoke(tomcat);
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
}
