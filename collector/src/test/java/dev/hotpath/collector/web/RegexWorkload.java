package dev.hotpath.collector.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A program that wastes CPU the way the recommendation catalogue knows (a regular expression compiled on every
 * call, rule regex-compiled-per-call) and keeps a steadily growing list of {@link Retained} objects for the heap
 * panel, run under the real agent.
 */
public final class RegexWorkload {

    // About 10 MiB retained per second (64-byte objects, 163,840 a second, added every 10 ms): more than the
    // garbage the regex waste leaves between GCs, which the heap summary counts too, so it ranks among the top types.
    private static final int RETAINED_PER_TICK = 1_640;
    private static final List<Retained> RETAINED = new ArrayList<>();
    private static volatile int sink;

    private RegexWorkload() {}

    public static void main(String[] args) {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        long nextTick = System.nanoTime();
        int round = 0;
        while (System.nanoTime() < end) {
            sink += matches("order-" + round++ + "-express");
            if (System.nanoTime() >= nextTick) {
                for (int i = 0; i < RETAINED_PER_TICK; i++) {
                    RETAINED.add(new Retained(round, i, end, nextTick));
                }
                nextTick += 10_000_000L;
            }
        }
        System.out.println("retained " + RETAINED.size() + ", sink " + sink);
    }

    /** The waste: a fresh Pattern per call instead of a static final one. */
    static int matches(String text) {
        return Pattern.compile("(?i)^(order|invoice)-([0-9]{1,9})-(express|standard|slow)$")
                        .matcher(text)
                        .matches()
                ? 1
                : 0;
    }

    /** A small object kept forever, so its type's bytes rise with every heap summary. */
    record Retained(long a, long b, long c, long d) {}
}
