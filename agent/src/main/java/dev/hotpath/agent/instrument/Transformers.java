package dev.hotpath.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.hotpath.agent.bootstrap.EndpointHook;
import dev.hotpath.agent.labels.EndpointLabels;
import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.log.StderrLog;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The ByteBuddy transformer: which types and methods get which advice. Narrow on purpose: JDK internals are ignored
 * but for com.sun.net.httpserver, four java.util.concurrent executors and VirtualThread's mount and unmount, so are the agent's own (shaded) classes.
 * Loaded only after {@link EndpointHook} is in the bootstrap class loader.
 */
final class Transformers {
    static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
    static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
    static final String THREAD_PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
    /** Executors.newVirtualThreadPerTaskExecutor and newThreadPerTaskExecutor (Java 21+). */
    static final String THREAD_PER_TASK_EXECUTOR = "java.util.concurrent.ThreadPerTaskExecutor";

    static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private Transformers() {}

    static EndpointInstrumentation.Switch install(
            Instrumentation instrumentation, LabelRegistry registry, StderrLog log, long startNanos) {
        EndpointLabels labels = new EndpointLabels(registry);
        EndpointHook.install(labels);
        AtomicInteger transformed = new AtomicInteger();
        // Built at run time: the agent's shading relocates io.grpc literals (its own gRPC client).
        String grpc = "io".concat(".grpc.");
        agentBuilder(log, transformed)
                .assureReadEdgeFromAndTo(instrumentation, EndpointHook.class)
                .type(named("com.sun.net.httpserver.Filter$Chain"))
                .transform(advice(
                        EndpointAdvice.HttpServer.class,
                        named("doFilter")
                                .and(takesArguments(1))
                                .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange")))))
                .type(concrete(hasSuperType(namedOneOf("javax.servlet.Servlet", "jakarta.servlet.Servlet"))))
                .transform(advice(
                        EndpointAdvice.Servlet.class,
                        named("service")
                                .and(takesArguments(2))
                                .and(takesArgument(
                                        0,
                                        namedOneOf("javax.servlet.ServletRequest", "jakarta.servlet.ServletRequest")))
                                .and(not(isAbstract()))))
                .type(concrete(hasSuperType(named("org.springframework.web.servlet.HandlerAdapter"))))
                .transform(advice(
                        EndpointAdvice.SpringHandler.class,
                        named("handle").and(takesArguments(3)).and(not(isAbstract()))))
                .type(concrete(hasSuperType(named(grpc + "ServerCallHandler"))))
                .transform(advice(
                        EndpointAdvice.GrpcStartCall.class,
                        named("startCall").and(takesArguments(2)).and(not(isAbstract()))))
                .type(named(grpc + "internal.ServerCallImpl$ServerStreamListenerImpl"))
                .transform(advice(
                        EndpointAdvice.GrpcListener.class,
                        namedOneOf("messagesAvailable", "halfClosed", "closed", "onReady")))
                .type(named(THREAD_POOL))
                .transform(advice(
                        EndpointAdvice.HandOffThreadPool.class, named("execute").and(takesArguments(Runnable.class))))
                .type(named(THREAD_PER_TASK))
                .transform(advice(
                        EndpointAdvice.HandOffRunnable.class, named("execute").and(takesArguments(Runnable.class))))
                // Every task of a thread-per-task executor (execute, submit, invokeAll) is given to newThread.
                .type(named(THREAD_PER_TASK_EXECUTOR))
                .transform(advice(
                        EndpointAdvice.HandOffRunnable.class, named("newThread").and(takesArguments(Runnable.class))))
                .type(named(VIRTUAL_THREAD))
                .transform(advice(
                        EndpointAdvice.VirtualThreadMount.class, named("mount").and(takesArguments(0))))
                .transform(advice(
                        EndpointAdvice.VirtualThreadUnmount.class,
                        named("unmount").and(takesArguments(0))))
                .type(named(FORK_JOIN_POOL))
                .transform(advice(
                        EndpointAdvice.HandOffRunnable.class, named("execute").and(takesArguments(Runnable.class))))
                .transform(advice(
                        EndpointAdvice.HandOffSubmitRunnable.class,
                        named("submit").and(takesArguments(Runnable.class))))
                .transform(advice(
                        EndpointAdvice.HandOffCallable.class,
                        named("submit").and(takesArguments(java.util.concurrent.Callable.class))))
                .installOn(instrumentation);
        log.info("endpoint labels: instrumentation installed in " + (System.nanoTime() - startNanos) / 1_000_000L
                + " ms (" + transformed.get() + " classes instrumented so far)");
        return labels::active;
    }

    /**
     * ByteBuddy's Nexus (type initializers for generated classes) is not needed with advice only, and setting it up
     * reaches sun.misc.Unsafe, which Java 24+ reports on the host's stderr. Its switch is a system property read once,
     * when AgentBuilder.Default is first made; the name is relocated with ByteBuddy, so only our copy reads it.
     */
    private static AgentBuilder.Default newAgentBuilder() {
        String property = net.bytebuddy.dynamic.Nexus.PROPERTY;
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    private static AgentBuilder agentBuilder(StderrLog log, AtomicInteger transformed) {
        return newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // One class a batch: a class the JVM refuses must not take the others down with it.
                .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
                .with(new AgentBuilder.RedefinitionStrategy.Listener.Adapter() {
                    @Override
                    public Iterable<? extends List<Class<?>>> onError(
                            int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
                        for (Class<?> type : batch) {
                            skipped(log, type.getName(), throwable);
                        }
                        return java.util.Collections.emptyList();
                    }
                })
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(
                            TypeDescription type,
                            ClassLoader loader,
                            JavaModule module,
                            boolean loaded,
                            DynamicType dynamicType) {
                        transformed.incrementAndGet();
                    }

                    @Override
                    public void onError(
                            String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
                        skipped(log, typeName, error);
                    }
                })
                .ignore(ignored());
    }

    private static void skipped(StderrLog log, String typeName, Throwable error) {
        log.warn(
                "instrument " + typeName,
                "cannot instrument " + typeName + " (" + error + "); it is left as it is, without endpoint labels");
    }

    /** The JDK but for the few classes above, the agent itself, generated classes. */
    static ElementMatcher.Junction<TypeDescription> ignored() {
        return nameStartsWith("java.")
                .and(not(namedOneOf(
                        THREAD_POOL, FORK_JOIN_POOL, THREAD_PER_TASK, THREAD_PER_TASK_EXECUTOR, VIRTUAL_THREAD)))
                .or(nameStartsWith("com.sun.").and(not(nameStartsWith("com.sun.net.httpserver."))))
                .or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun."))
                .or(nameStartsWith("dev.hotpath.agent."))
                .or(nameStartsWith("net.bytebuddy."))
                .or(isSynthetic());
    }

    /**
     * Classes, not interfaces, of {@code types}; a class whose super types cannot be resolved (an optional dependency
     * missing) is simply not matched, rather than reported as a class the agent failed to instrument.
     */
    private static ElementMatcher.Junction<TypeDescription> concrete(ElementMatcher.Junction<TypeDescription> types) {
        return not(isInterface()).and(failSafe(types));
    }

    private static AgentBuilder.Transformer advice(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
        // Read once: parsing the advice class for each transformed type would add to every class load.
        net.bytebuddy.asm.AsmVisitorWrapper visitor = Advice.to(advice).on(methods);
        return (builder, type, loader, module, domain) -> builder.visit(visitor);
    }
}
