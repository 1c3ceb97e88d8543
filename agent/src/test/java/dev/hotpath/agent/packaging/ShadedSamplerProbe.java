package dev.hotpath.agent.packaging;

import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.EngineSelection;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.Sampler;
import dev.hotpath.agent.sampler.SamplerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs in a JVM forked by {@link ShadedSamplerIT} with the shaded agent jar on its class path:
 * samples its own busy loop and allocations, then prints what it found on one line.
 */
public final class ShadedSamplerProbe {
    static final String BURN = ShadedSamplerProbe.class.getName() + ".burn";
    static volatile Object allocated;
    static volatile long blackhole;

    private ShadedSamplerProbe() {}

    public static void main(String[] args) throws Exception {
        EngineSelection selection = EngineSelection.choose(EnginePreference.fromKey(args[0]), false);
        Sampler sampler = selection.sampler();
        Set<ProfileType> types = EnumSet.allOf(ProfileType.class);
        types.retainAll(sampler.supportedTypes());
        sampler.start(new SamplerSettings(types, 10, 64));
        burn(1_500);
        Map<ProfileType, Long> samples = new EnumMap<>(ProfileType.class);
        long[] inBurn = new long[1];
        sampler.drainTo((type, frames, depth, state, count, value) -> {
            samples.merge(type, count, Long::sum);
            for (int i = 0; i < depth; i++) {
                if (type == ProfileType.CPU && frames[i].equals(BURN)) {
                    inBurn[0] += count;
                    break;
                }
            }
        });
        sampler.stop();
        System.out.println("engine=" + engineName(sampler) + " samples=" + samples + " burn=" + inBurn[0] + " reason="
                + selection.reason());
    }

    /**
     * The engine's name. Called reflectively because the shaded jar relocates the proto enum that
     * {@link Sampler#engine()} returns, while this probe is compiled against the unrelocated one.
     */
    private static String engineName(Sampler sampler) throws ReflectiveOperationException {
        return String.valueOf(Sampler.class.getMethod("engine").invoke(sampler));
    }

    /** Spins and allocates until this thread has used {@code millis} of CPU time, however loaded the host. */
    static void burn(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            allocated = new byte[4096];
        }
        blackhole = x;
    }
}
