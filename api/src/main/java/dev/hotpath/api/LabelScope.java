package dev.hotpath.api;

import java.util.function.IntUnaryOperator;

/**
 * A labelled scope opened by {@link Hotpath#labels}; {@link #close} restores the labels in force when it was
 * opened. Close it once, on the thread that opened it (try-with-resources does): a closed scope's object is
 * reused by the next scope its thread opens at the same depth, so that scopes allocate nothing. Closing twice in
 * a row, or on another thread, does nothing.
 */
public final class LabelScope implements AutoCloseable {
    static final LabelScope NONE = new LabelScope(null, -1);
    /** Scopes of each thread by depth; only threads that open a scope while the agent labels get one. */
    static final ThreadLocal<Stack> STACKS = new ThreadLocal<Stack>() {
        @Override
        protected Stack initialValue() {
            return new Stack(Thread.currentThread());
        }
    };

    private final Stack stack;
    private final int depth;
    private IntUnaryOperator restore;
    private int previous;
    private boolean open;

    private LabelScope(Stack stack, int depth) {
        this.stack = stack;
        this.depth = depth;
    }

    /** Whether this scope labels its thread (false without the agent, with labels=false, or for an empty map). */
    public boolean active() {
        return open;
    }

    @Override
    public void close() {
        if (!open || stack.owner != Thread.currentThread()) {
            return;
        }
        open = false;
        stack.depth = depth;
        try {
            restore.applyAsInt(previous);
        } catch (Throwable t) {
            // The host never sees an exception from the profiler.
        }
    }

    /** One thread's scopes, reused by depth. */
    static final class Stack {
        /** Deeper scopes than this are allocated each time (and still restore correctly). */
        private static final int POOLED = 64;

        final Thread owner;
        private LabelScope[] scopes = new LabelScope[4];
        int depth;

        Stack(Thread owner) {
            this.owner = owner;
        }

        LabelScope open(IntUnaryOperator restore, int previous) {
            LabelScope scope;
            if (depth < scopes.length) {
                scope = scopes[depth];
                if (scope == null) {
                    scope = scopes[depth] = new LabelScope(this, depth);
                }
            } else if (depth < POOLED) {
                LabelScope[] more = new LabelScope[Math.min(POOLED, scopes.length * 2)];
                System.arraycopy(scopes, 0, more, 0, scopes.length);
                scopes = more;
                scope = scopes[depth] = new LabelScope(this, depth);
            } else {
                scope = new LabelScope(this, depth);
            }
            scope.restore = restore;
            scope.previous = previous;
            scope.open = true;
            depth++;
            return scope;
        }
    }
}
