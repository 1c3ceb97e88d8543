package dev.hotpath.agent.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.ToIntFunction;

/**
 * A stand-in for the agent's bridge, found by the API under the same name: one label state per thread, each map
 * entered gets the next number; records what the API asked for.
 */
public final class LabelBridge {
    static volatile Object hook;

    private LabelBridge() {}

    public static Object hook() {
        return hook;
    }

    public static void install(Object fake) {
        hook = fake;
    }

    /** The fake hook. */
    public static final class Fake implements ToIntFunction<Map<String, String>>, IntUnaryOperator {
        public final ThreadLocal<Integer> current = ThreadLocal.withInitial(() -> 0);
        public final List<Map<String, String>> entered = new ArrayList<>();
        public boolean failEnter;
        public boolean failRestore;

        @Override
        public int applyAsInt(Map<String, String> labels) {
            if (failEnter) {
                throw new IllegalStateException("enter failed");
            }
            entered.add(labels);
            int previous = current.get();
            current.set(entered.size());
            return previous;
        }

        @Override
        public int applyAsInt(int previous) {
            if (failRestore) {
                throw new IllegalStateException("restore failed");
            }
            current.set(previous);
            return 0;
        }
    }
}
