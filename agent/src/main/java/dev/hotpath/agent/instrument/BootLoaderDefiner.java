package dev.hotpath.agent.instrument;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;

/**
 * Defines classes in the bootstrap class loader with the JDK's internal {@code Unsafe.defineClass} (Java 9+), as the
 * alternative to appending a jar to the bootstrap class path, which makes the JVM print "Sharing is only supported
 * for boot loader classes because bootstrap classpath has been appended" and stop using the class data sharing
 * archive for every class of the application loaded after it.
 *
 * <p>Never loaded by the agent's own class loader: {@link EndpointInstrumentation} defines it in a class loader of
 * its own, whose unnamed module is the only one {@code jdk.internal.misc} is exported to (the application's class
 * path, which shares the agent's module, gains nothing). JDK types only.
 */
public final class BootLoaderDefiner {
    private BootLoaderDefiner() {}

    /** Defines each class (name to bytes, in order) in the bootstrap class loader. */
    public static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method define = unsafeType.getMethod(
                "defineClass",
                String.class,
                byte[].class,
                int.class,
                int.class,
                ClassLoader.class,
                ProtectionDomain.class);
        for (Map.Entry<String, byte[]> type : classes.entrySet()) {
            byte[] bytes = type.getValue();
            define.invoke(unsafe, type.getKey(), bytes, 0, bytes.length, null, null);
        }
    }
}
