package dev.hotpath.agent.bootstrap;

import java.util.concurrent.Callable;

/**
 * What instrumented code calls: injected into the bootstrap class loader at install, so that advice inlined into a
 * class of any loader (the JDK's http server, java.util.concurrent, a web application's loader) finds it by
 * delegation. JDK types only; the agent's implementation, installed once, lives in the system class loader.
 * Every entry answers a token for {@link #exit}: 0 when nothing changed, else the label set to restore plus one.
 * Never throws into the host.
 */
public abstract class EndpointHook {
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static volatile EndpointHook installed;

    protected EndpointHook() {}

    /** Installs the agent's side (null: every call is a no-op again). */
    public static void install(EndpointHook hook) {
        installed = hook;
    }

    /** Labels the current thread endpoint=METHOD normalized-path (a route template passes through unchanged). */
    public static int enterHttp(String method, String path) {
        EndpointHook hook = installed;
        if (hook == null || path == null) {
            return 0;
        }
        try {
            return hook.http(method, path);
        } catch (Throwable t) {
            return 0;
        }
    }

    /** A servlet request (javax or jakarta), read through its interface by reflection. */
    public static int enterServlet(Object request) {
        EndpointHook hook = installed;
        if (hook == null || request == null) {
            return 0;
        }
        try {
            return hook.servlet(request, false);
        } catch (Throwable t) {
            return 0;
        }
    }

    /** A Spring MVC request once its handler is mapped: its best matching pattern, if any, becomes the label. */
    public static int enterRoute(Object request) {
        EndpointHook hook = installed;
        if (hook == null || request == null) {
            return 0;
        }
        try {
            return hook.servlet(request, true);
        } catch (Throwable t) {
            return 0;
        }
    }

    /** A gRPC server call (io.grpc.ServerCall): its full method name. */
    public static int enterGrpc(Object call) {
        EndpointHook hook = installed;
        if (hook == null || call == null) {
            return 0;
        }
        try {
            return hook.grpc(call);
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Restores what the entry that answered {@code token} replaced. */
    public static void exit(int token) {
        EndpointHook hook = installed;
        if (hook == null || token == 0) {
            return;
        }
        try {
            hook.leave(token);
        } catch (Throwable t) {
            // The host never sees the profiler's exception; the next entry sets the thread's labels again.
        }
    }

    /**
     * Virtual thread {@code thread} was just mounted on {@code carrier}: the carrier's samples are the virtual
     * thread's until it unmounts.
     */
    public static void mounted(Thread thread, Thread carrier) {
        EndpointHook hook = installed;
        if (hook == null || carrier == null) {
            return;
        }
        try {
            hook.mount(thread, carrier);
        } catch (Throwable t) {
            // The carrier keeps the labels it had; the next mount sets them again.
        }
    }

    /** Virtual thread {@code thread} is about to leave {@code carrier}. */
    public static void unmounting(Thread thread, Thread carrier) {
        EndpointHook hook = installed;
        if (hook == null || carrier == null) {
            return;
        }
        try {
            hook.unmount(thread, carrier);
        } catch (Throwable t) {
            // As above.
        }
    }

    /** {@code task}, or a wrapper that runs it under the current thread's labels when it has any. */
    public static Runnable wrap(Runnable task) {
        EndpointHook hook = installed;
        if (hook == null || task == null || task instanceof LabelledRunnable) {
            return task;
        }
        try {
            int set = hook.current();
            // A virtual thread's continuation, scheduled by whichever thread starts or unparks it: its samples
            // belong to the virtual thread, not to that thread's labels.
            return set <= 0 || task.getClass().getName().startsWith(VIRTUAL_THREAD)
                    ? task
                    : new LabelledRunnable(task, set);
        } catch (Throwable t) {
            return task;
        }
    }

    /** {@link #wrap(Runnable)} for a task whose identity the caller hands back (a ForkJoinTask is left alone). */
    public static Runnable wrapUnlessForkJoin(Runnable task) {
        return task instanceof java.util.concurrent.ForkJoinTask ? task : wrap(task);
    }

    /** {@code task}, or a wrapper that calls it under the current thread's labels when it has any. */
    public static <V> Callable<V> wrap(Callable<V> task) {
        EndpointHook hook = installed;
        if (hook == null || task == null || task instanceof LabelledCallable) {
            return task;
        }
        try {
            int set = hook.current();
            return set <= 0 ? task : new LabelledCallable<V>(task, set);
        } catch (Throwable t) {
            return task;
        }
    }

    static int resume(int set) {
        EndpointHook hook = installed;
        if (hook == null) {
            return 0;
        }
        try {
            return hook.replace(set);
        } catch (Throwable t) {
            return 0;
        }
    }

    protected abstract int http(String method, String path);

    protected abstract int servlet(Object request, boolean route);

    protected abstract int grpc(Object call);

    protected abstract void leave(int token);

    protected abstract void mount(Thread thread, Thread carrier);

    protected abstract void unmount(Thread thread, Thread carrier);

    /** The current thread's label set, 0 when none (or labelling is paused). */
    protected abstract int current();

    /** Sets the current thread's label set to {@code set}; answers the token to restore. */
    protected abstract int replace(int set);

    /** A task handed to another thread, run there under the labels of the thread that handed it over. */
    static final class LabelledRunnable implements Runnable {
        private final Runnable task;
        private final int set;

        LabelledRunnable(Runnable task, int set) {
            this.task = task;
            this.set = set;
        }

        @Override
        public void run() {
            int token = resume(set);
            try {
                task.run();
            } finally {
                exit(token);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /** A callable handed to another thread, called there under the labels of the thread that handed it over. */
    static final class LabelledCallable<V> implements Callable<V> {
        private final Callable<V> task;
        private final int set;

        LabelledCallable(Callable<V> task, int set) {
            this.task = task;
            this.set = set;
        }

        @Override
        public V call() throws Exception {
            int token = resume(set);
            try {
                return task.call();
            } finally {
                exit(token);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
