package dev.hotpath.agent.instrument;

import com.sun.net.httpserver.HttpExchange;
import dev.hotpath.agent.bootstrap.EndpointHook;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code inlined into server entry points: enter the endpoint label on entry, restore the thread's labels on
 * every exit, including a throw. Suppressed Throwables: a failure here (a class loader that cannot see the hook)
 * leaves the host's method as it was. A token of 0 (also what a suppressed entry leaves) restores nothing.
 */
final class EndpointAdvice {
    private EndpointAdvice() {}

    /** com.sun.net.httpserver.Filter.Chain.doFilter(HttpExchange): every request, its filters and its handler. */
    static final class HttpServer {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.Argument(0) HttpExchange exchange) {
            return EndpointHook.enterHttp(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter int token) {
            EndpointHook.exit(token);
        }
    }

    /** Servlet.service(ServletRequest, ServletResponse), javax or jakarta. */
    static final class Servlet {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object request) {
            return EndpointHook.enterServlet(request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter int token) {
            EndpointHook.exit(token);
        }
    }

    /** Spring MVC HandlerAdapter.handle(request, response, handler): the handler is mapped, its pattern known. */
    static final class SpringHandler {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object request) {
            return EndpointHook.enterRoute(request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter int token) {
            EndpointHook.exit(token);
        }
    }

    /** gRPC ServerCallHandler.startCall(ServerCall, Metadata): streaming methods run their code in here. */
    static final class GrpcStartCall {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object call) {
            return EndpointHook.enterGrpc(call);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter int token) {
            EndpointHook.exit(token);
        }
    }

    /**
     * gRPC's listener of a call on the application's executor (messages, half-close, ready, close): a unary
     * method's implementation runs in halfClosed, after startCall has returned.
     */
    static final class GrpcListener {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.FieldValue(value = "call", typing = Assigner.Typing.DYNAMIC) Object call) {
            return EndpointHook.enterGrpc(call);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter int token) {
            EndpointHook.exit(token);
        }
    }

    /** java.lang.VirtualThread.mount(): on return the virtual thread runs on its carrier. */
    static final class VirtualThreadMount {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Thread thread,
                @Advice.FieldValue(value = "carrierThread", typing = Assigner.Typing.DYNAMIC) Thread carrier) {
            EndpointHook.mounted(thread, carrier);
        }
    }

    /** java.lang.VirtualThread.unmount(): on entry the virtual thread still runs on its carrier. */
    static final class VirtualThreadUnmount {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.This Thread thread,
                @Advice.FieldValue(value = "carrierThread", typing = Assigner.Typing.DYNAMIC) Thread carrier) {
            EndpointHook.unmounting(thread, carrier);
        }
    }

    /** Executor.execute(Runnable) and the like: the task runs under the submitting thread's labels. */
    static final class HandOffRunnable {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = EndpointHook.wrap(task);
        }
    }

    /**
     * ThreadPoolExecutor.execute(Runnable): only for the class itself. A subclass may look at the task in
     * beforeExecute/afterExecute (the JDK's own example tests {@code r instanceof Future}), which a wrapper would
     * silently change.
     */
    static final class HandOffThreadPool {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object executor, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
            if (executor.getClass() == java.util.concurrent.ThreadPoolExecutor.class) {
                task = EndpointHook.wrap(task);
            }
        }
    }

    /** ForkJoinPool.submit(Runnable): a ForkJoinTask passed in is the Future handed back, so it stays itself. */
    static final class HandOffSubmitRunnable {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = EndpointHook.wrapUnlessForkJoin(task);
        }
    }

    /** ForkJoinPool.submit(Callable). */
    static final class HandOffCallable {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        @SuppressWarnings({"rawtypes", "unchecked"})
        static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        java.util.concurrent.Callable task) {
            task = EndpointHook.wrap(task);
        }
    }
}
