package dev.hotpath.agent.report;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** CPU time used by the agent's own threads (names starting "hotpath-") since the previous call. */
public final class AgentCpuClock {
    static final String THREAD_PREFIX = "hotpath-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> lastCpuById = new HashMap<>();

    /** Nanoseconds of CPU the agent's threads used since the previous call; 0 when the JVM cannot tell. */
    public long cpuNanosSinceLastCall() {
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return 0;
        }
        Map<Long, Long> nowById = new HashMap<>();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info == null || !info.getThreadName().startsWith(THREAD_PREFIX)) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            nowById.put(info.getThreadId(), cpu);
            Long last = lastCpuById.get(info.getThreadId());
            total += cpu - (last == null ? 0 : last);
        }
        lastCpuById = nowById;
        return total;
    }
}
