package dev.hotpath.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic distinct stacks, root first, shaped like a web service's: a shared 24-frame server prefix, then
 * one level per decimal digit of the stack's index, so stack i differs from every other and the call tree of
 * 10^k stacks has 10 + 100 + ... + 10^k nodes below the prefix.
 */
public final class SyntheticStacks {
    private static final String[] PREFIX = {
        "java.lang.Thread.run",
        "java.util.concurrent.ThreadPoolExecutor$Worker.run",
        "java.util.concurrent.ThreadPoolExecutor.runWorker",
        "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run",
        "org.eclipse.jetty.io.ManagedSelector$SelectorProducer.produce",
        "org.eclipse.jetty.server.HttpChannel.handle",
        "org.eclipse.jetty.server.Server.handle",
        "org.eclipse.jetty.server.handler.HandlerWrapper.handle",
        "org.eclipse.jetty.server.handler.ScopedHandler.handle",
        "org.eclipse.jetty.servlet.ServletHandler.doHandle",
        "org.eclipse.jetty.servlet.ServletHolder.handle",
        "javax.servlet.http.HttpServlet.service",
        "org.springframework.web.servlet.FrameworkServlet.service",
        "org.springframework.web.servlet.DispatcherServlet.doService",
        "org.springframework.web.servlet.DispatcherServlet.doDispatch",
        "org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle",
        "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest",
        "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke",
        "java.lang.reflect.Method.invoke",
        "jdk.internal.reflect.DirectMethodHandleAccessor.invoke",
        "com.example.shop.web.OrderController.placeOrder",
        "com.example.shop.order.OrderService.place",
        "com.example.shop.order.OrderValidator.validate",
        "com.example.shop.order.PricingService.price"
    };
    // 40 names, coprime with the multiplier below, so each level maps its ten digits to ten different frames.
    private static final String[] FRAMES = {
        "java.util.regex.Pattern.compile",
        "java.util.regex.Matcher.find",
        "java.lang.String.format",
        "java.util.HashMap.resize",
        "java.util.HashMap.putVal",
        "java.lang.StringBuilder.append",
        "java.util.ArrayList.sort",
        "java.util.TimSort.sort",
        "java.lang.Throwable.fillInStackTrace",
        "com.fasterxml.jackson.databind.ObjectMapper.readValue",
        "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString",
        "com.fasterxml.jackson.databind.ObjectMapper.<init>",
        "org.slf4j.LoggerFactory.getLogger",
        "ch.qos.logback.classic.Logger.debug",
        "java.util.logging.Logger.getLogger",
        "java.lang.Class.forName",
        "java.lang.Class.getMethod",
        "java.util.zip.Deflater.deflate",
        "java.security.MessageDigest.digest",
        "java.math.BigDecimal.add",
        "java.time.format.DateTimeFormatter.format",
        "java.util.UUID.randomUUID",
        "com.example.shop.order.TaxRules.apply",
        "com.example.shop.order.Discounts.best",
        "com.example.shop.catalog.ProductRepository.find",
        "com.example.shop.catalog.StockLevels.reserve",
        "com.example.shop.customer.Loyalty.points",
        "com.example.shop.customer.AddressBook.lookup",
        "com.example.shop.payment.CardValidator.luhn",
        "com.example.shop.payment.FraudScore.compute",
        "com.example.shop.shipping.Rates.quote",
        "com.example.shop.shipping.Zones.resolve",
        "com.example.shop.util.Money.round",
        "com.example.shop.util.Json.encode",
        "com.example.shop.util.Ids.next",
        "com.example.shop.audit.Trail.record",
        "org.postgresql.jdbc.PgPreparedStatement.executeQuery",
        "com.zaxxer.hikari.pool.HikariPool.getConnection",
        "io.micrometer.core.instrument.Timer.record",
        "java.util.concurrent.ConcurrentHashMap.computeIfAbsent"
    };

    private SyntheticStacks() {}

    /** Stack {@code index} of a population with {@code levels} digit levels, root first. */
    public static String[] rootFirst(int index, int levels) {
        if (index < 0 || levels < 1 || levels > 9 || index >= pow10(levels)) {
            throw new IllegalArgumentException("stack index " + index + " is outside 0.." + (pow10(levels) - 1)
                    + " for " + levels + " levels (1..9)");
        }
        String[] stack = new String[PREFIX.length + levels];
        System.arraycopy(PREFIX, 0, stack, 0, PREFIX.length);
        int rest = index;
        for (int level = levels - 1; level >= 0; level--) {
            int digit = rest % 10;
            rest /= 10;
            stack[PREFIX.length + level] = FRAMES[(digit * 7 + level * 13) % FRAMES.length];
        }
        return stack;
    }

    /** The first {@code count} stacks of the smallest population that holds them, root first. */
    public static List<String[]> population(int count) {
        int levels = levelsFor(count);
        List<String[]> stacks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            stacks.add(rootFirst(i, levels));
        }
        return stacks;
    }

    /** Digit levels of the smallest population that holds {@code count} distinct stacks. */
    public static int levelsFor(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("stack count must be at least 1, was " + count);
        }
        int levels = 1;
        while (pow10(levels) < count) {
            levels++;
        }
        return levels;
    }

    private static int pow10(int levels) {
        int value = 1;
        for (int i = 0; i < levels; i++) {
            value *= 10;
        }
        return value;
    }
}
