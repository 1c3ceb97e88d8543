package dev.hotpath.agent.labels;

import dev.hotpath.agent.bootstrap.EndpointHook;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's side of endpoint labels and hand-off: turns what instrumented entry points see into an
 * {@code endpoint} label entered through the same registry and timelines as hotpath-api scopes (so every sample
 * type sees it), and wraps handed-off tasks with their submitter's label set. A nested entry point enters its label
 * on top of the enclosing one (the inner value wins while inside; the outer is restored after). Off (every call a
 * field read) while sampling is off, e.g. under the kill switch. Load only after {@link EndpointHook} is in the
 * bootstrap class loader.
 */
public final class EndpointLabels extends EndpointHook {
    public static final String KEY = "endpoint";
    /** Distinct endpoint labels over the JVM's life; later new ones are labelled {@code other}. */
    static final int MAX_ENDPOINTS = 1_000;

    static final String OTHER = "other";
    private static final int CACHE_SIZE = 1024;
    private static final int WAYS = 4;
    private static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    private static final Object[] NO_ARGUMENTS = new Object[0];
    private static final Object[] PATTERN_ARGUMENT = {SPRING_PATTERN};

    private final LabelRegistry registry;
    /**
     * Recent labels in buckets of {@link #WAYS} by method and raw path length: entries are immutable, a racy overwrite
     * only costs a look-up in {@link #known}.
     */
    private final Entry[] cache = new Entry[CACHE_SIZE];

    private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();
    private final Map<String, String> other = Collections.singletonMap(KEY, OTHER);
    private final AtomicLong otherEntries = new AtomicLong();
    private final ClassValue<ServletMethods> servletMethods = new ClassValue<ServletMethods>() {
        @Override
        protected ServletMethods computeValue(Class<?> type) {
            return ServletMethods.of(type);
        }
    };
    private final ClassValue<Method> grpcMethods = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return grpcMethod(type);
        }
    };
    private volatile boolean active;

    public EndpointLabels(LabelRegistry registry) {
        this.registry = registry;
    }

    /** Labels on (sampling) or off (sampling stopped: entry points and hand-offs then cost a field read). */
    public void active(boolean on) {
        active = on;
    }

    /** Entries labelled {@code other} because {@link #MAX_ENDPOINTS} labels exist. */
    public long otherEntries() {
        return otherEntries.get();
    }

    @Override
    protected int http(String method, String path) {
        if (!active) {
            return 0;
        }
        return registry.enter(labels(method, path)) + 1;
    }

    /**
     * The label map for a request: from the cache when seen before (no allocation), else made once. The cache is
     * looked up by the method and the raw path's length, O(1), then one pass compares the request with the few
     * labels in that bucket: a request's label is never taken on a hash's word.
     */
    Map<String, String> labels(String method, String path) {
        int key = (method == null ? 0 : method.hashCode()) * 31 + path.length();
        int base = ((key ^ (key >>> 16)) & (CACHE_SIZE / WAYS - 1)) * WAYS;
        for (int way = 0; way < WAYS; way++) {
            Entry entry = cache[base + way];
            if (entry == null) {
                break;
            }
            if (entry.key == key
                    && (method == null ? entry.method == null : method.equals(entry.method))
                    && EndpointName.matches(entry.label, method, path)) {
                return entry.labels;
            }
        }
        String label = EndpointName.of(method, path);
        Map<String, String> labels = known.get(label);
        if (labels == null) {
            if (known.size() >= MAX_ENDPOINTS) {
                otherEntries.incrementAndGet();
                return other;
            }
            labels = Collections.singletonMap(KEY, label);
            Map<String, String> raced = known.putIfAbsent(label, labels);
            labels = raced == null ? labels : raced;
        }
        int way = 0;
        while (way < WAYS - 1 && cache[base + way] != null) {
            way++;
        }
        // A full bucket: the last way turns over (a racy write only costs another slow look-up later).
        cache[base + way] = new Entry(key, method, label, labels);
        return labels;
    }

    @Override
    protected int servlet(Object request, boolean route) {
        if (!active) {
            return 0;
        }
        ServletMethods methods = servletMethods.get(request.getClass());
        if (methods == null) {
            return 0;
        }
        try {
            String method = (String) methods.method.invoke(request, NO_ARGUMENTS);
            if (route) {
                // Spring 5.3+ may store a PathPattern: its toString() is the pattern.
                Object pattern = methods.attribute.invoke(request, PATTERN_ARGUMENT);
                return pattern == null ? 0 : http(method, pattern.toString());
            }
            return http(method, (String) methods.uri.invoke(request, NO_ARGUMENTS));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    protected int grpc(Object call) {
        if (!active) {
            return 0;
        }
        Method descriptor = grpcMethods.get(call.getClass());
        if (descriptor == null) {
            return 0;
        }
        try {
            Object method = descriptor.invoke(call, NO_ARGUMENTS);
            return method == null ? 0 : http(null, fullMethodName(method));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    private final ClassValue<Method> fullNames = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getFullMethodName");
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private String fullMethodName(Object descriptor) throws ReflectiveOperationException {
        Method name = fullNames.get(descriptor.getClass());
        return name == null ? null : (String) name.invoke(descriptor, NO_ARGUMENTS);
    }

    @Override
    protected void leave(int token) {
        registry.restore(token - 1);
    }

    @Override
    protected void mount(Thread thread, Thread carrier) {
        if (active) {
            registry.mounted(thread, carrier);
        }
    }

    @Override
    protected void unmount(Thread thread, Thread carrier) {
        // Also while paused: a carrier labelled at a mount before the pause must not stay labelled after it.
        registry.unmounting(thread, carrier);
    }

    @Override
    protected int current() {
        return active ? registry.currentOfThisThread() : 0;
    }

    @Override
    protected int replace(int set) {
        return active ? registry.replace(set) + 1 : 0;
    }

    /**
     * ServerCall.getMethodDescriptor() as declared by the public class io.grpc.ServerCall (the implementation class
     * is not public). The name is built at run time: the agent's shading would relocate a literal.
     */
    private static Method grpcMethod(Class<?> type) {
        String serverCall = "io".concat(".grpc.ServerCall");
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(serverCall)) {
                try {
                    return c.getMethod("getMethodDescriptor");
                } catch (NoSuchMethodException | SecurityException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** One label seen before, by its cache key and the method it was made with. */
    private static final class Entry {
        final int key;
        final String method;
        final String label;
        final Map<String, String> labels;

        Entry(int key, String method, String label, Map<String, String> labels) {
            this.key = key;
            this.method = method;
            this.label = label;
            this.labels = labels;
        }
    }

    /** HttpServletRequest's methods as declared by the public interface (request classes need not be public). */
    private static final class ServletMethods {
        final Method method;
        final Method uri;
        final Method attribute;

        private ServletMethods(Method method, Method uri, Method attribute) {
            this.method = method;
            this.uri = uri;
            this.attribute = attribute;
        }

        static ServletMethods of(Class<?> type) {
            Class<?> api = find(type);
            if (api == null) {
                return null;
            }
            try {
                return new ServletMethods(
                        api.getMethod("getMethod"),
                        api.getMethod("getRequestURI"),
                        api.getMethod("getAttribute", String.class));
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }

        private static Class<?> find(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    Class<?> found = inInterface(i);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        private static Class<?> inInterface(Class<?> type) {
            String name = type.getName();
            if (name.equals("jakarta.servlet.http.HttpServletRequest")
                    || name.equals("javax.servlet.http.HttpServletRequest")) {
                return type;
            }
            for (Class<?> i : type.getInterfaces()) {
                Class<?> found = inInterface(i);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }
}
