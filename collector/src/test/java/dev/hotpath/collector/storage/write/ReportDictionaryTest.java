package dev.hotpath.collector.storage.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportDictionaryTest {

    private static final DictionaryIds IDS = new DictionaryIds("0123456789abcdef0123456789abcdef".getBytes());

    private final StoredDictionary<String> storedFrames = new StoredDictionary<>(1000);
    private final StoredDictionary<FrameIdSequence> storedStacks = new StoredDictionary<>(1000);

    @Test
    void of_newFramesAndStacks_idsAreDictionaryIds() {
        ReportDictionary dictionary = of(
                report(sample("RUNNABLE", 3, "main", "work", "hot"), sample("RUNNABLE", 1, "main", "work", "cold")),
                storedFrames,
                storedStacks,
                System.nanoTime());

        assertThat(dictionary.newFrames()).containsOnly(frame("main"), frame("work"), frame("hot"), frame("cold"));
        assertThat(stackIdsOf(dictionary.newStacks()))
                .containsOnly(stackId("main", "work", "hot"), stackId("main", "work", "cold"));
        assertThat(sums(dictionary))
                .containsOnlyKeys(
                        "cpu RUNNABLE " + stackId("main", "work", "hot"),
                        "cpu RUNNABLE " + stackId("main", "work", "cold"));
    }

    @Test
    void of_afterCommitWithEqualNamesInNewStrings_sameIdsAndNothingNew() {
        ReportDictionary first =
                of(report(sample("RUNNABLE", 3, "main", "work", "hot")), storedFrames, storedStacks, System.nanoTime());
        storedFrames.rememberCommitted(first.newFrames(), System.nanoTime());
        storedStacks.rememberCommitted(first.newStacks(), System.nanoTime());

        ReportDictionary second = of(
                report(
                        sample("RUNNABLE", 5, copy("main"), copy("work"), copy("hot")),
                        sample("RUNNABLE", 2, copy("main"), copy("work"), copy("new"))),
                storedFrames,
                storedStacks,
                System.nanoTime());

        assertThat(second.newFrames()).containsOnly(frame("new"));
        assertThat(stackIdsOf(second.newStacks())).containsOnly(stackId("main", "work", "new"));
        assertThat(sums(second))
                .containsOnlyKeys(
                        "cpu RUNNABLE " + stackId("main", "work", "hot"),
                        "cpu RUNNABLE " + stackId("main", "work", "new"));
        assertThat(sums(second).get("cpu RUNNABLE " + stackId("main", "work", "hot")))
                .containsExactly(5, 5);
    }

    @Test
    void of_sameStackTwiceInOneStateAndOnceInAnother_summedPerState() {
        ReportDictionary dictionary = of(
                report(
                        sample("RUNNABLE", 3, "main", "hot"),
                        sample("RUNNABLE", 4, "main", "hot"),
                        sample("WAITING", 9, "main", "hot")),
                storedFrames,
                storedStacks,
                System.nanoTime());

        long hot = stackId("main", "hot");
        assertThat(dictionary.newStacks()).hasSize(1);
        assertThat(sums(dictionary)).containsOnlyKeys("cpu RUNNABLE " + hot, "cpu WAITING " + hot);
        assertThat(sums(dictionary).get("cpu RUNNABLE " + hot)).containsExactly(7, 7);
        assertThat(sums(dictionary).get("cpu WAITING " + hot)).containsExactly(9, 9);
        assertThat(dictionary.blocks()).hasSize(2);
    }

    @Test
    void of_oneFramesArrayForTwoSampleTypes_oneStackWithASumPerType() {
        String[] frames = {"main", "alloc", "hot"};
        ReportDictionary dictionary = of(
                report(
                        new StackSample(frames, "cpu", "RUNNABLE", 10, 1),
                        new StackSample(frames, "alloc", "RUNNABLE", 4096, 2),
                        sample("RUNNABLE", 3, "main", "cold")),
                storedFrames,
                storedStacks,
                System.nanoTime());

        long hot = stackId("main", "alloc", "hot");
        assertThat(stackIdsOf(dictionary.newStacks())).containsOnly(hot, stackId("main", "cold"));
        assertThat(sums(dictionary).get("cpu RUNNABLE " + hot)).containsExactly(10, 1);
        assertThat(sums(dictionary).get("alloc RUNNABLE " + hot)).containsExactly(4096, 2);
    }

    @Test
    void of_statesInterleavedWithEqualNamesInNewStrings_oneBlockPerTypeAndStateEachStackOnce() {
        List<StackSample> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            samples.add(new StackSample(
                    new String[] {"main", "s" + i % 40}, copy("cpu"), copy(i % 3 == 0 ? "WAITING" : "RUNNABLE"), 1, 1));
        }
        ReportDictionary dictionary =
                of(report(samples.toArray(StackSample[]::new)), storedFrames, storedStacks, System.nanoTime());

        assertThat(dictionary.blocks())
                .extracting(b -> b.sampleType() + " " + b.threadState())
                .containsExactly("cpu WAITING", "cpu RUNNABLE");
        Map<String, long[]> sums = sums(dictionary);
        assertThat(sums).hasSize(40 + 34);
        // s1 is sample 1 (RUNNABLE), 41 (RUNNABLE) and 81 (WAITING).
        assertThat(sums.get("cpu RUNNABLE " + stackId("main", "s1"))).containsExactly(2, 2);
        assertThat(sums.get("cpu WAITING " + stackId("main", "s1"))).containsExactly(1, 1);
        assertThat(sums.values().stream().mapToLong(sum -> sum[0]).sum()).isEqualTo(100);
    }

    @Test
    void of_thousandsOfDistinctStatesTwice_oneBlockPerStateWithBothSamplesSummed() {
        List<StackSample> samples = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                samples.add(new StackSample(new String[] {"main", "run"}, "wall", "STATE-" + i, 1, 1));
            }
        }
        ReportDictionary dictionary =
                of(report(samples.toArray(StackSample[]::new)), storedFrames, storedStacks, System.nanoTime());

        assertThat(dictionary.blocks()).hasSize(5000).allSatisfy(block -> {
            assertThat(block.size()).isEqualTo(1);
            assertThat(block.value(0)).isEqualTo(2);
        });
        assertThat(dictionary.blocks().get(4999).threadState()).isEqualTo("STATE-4999");
    }

    private static ReportDictionary of(
            ReportRecord report,
            StoredDictionary<String> frames,
            StoredDictionary<FrameIdSequence> stacks,
            long startedNanos) {
        return ReportDictionary.of(report, IDS, frames, stacks, startedNanos);
    }

    /** Each block's sums by "type state stackId"; fails if a block lists a stack twice. */
    private static Map<String, long[]> sums(ReportDictionary dictionary) {
        Map<String, long[]> sums = new HashMap<>();
        for (SampleBlock block : dictionary.blocks()) {
            for (int i = 0; i < block.size(); i++) {
                long[] previous = sums.put(
                        block.sampleType() + " " + block.threadState() + " " + block.stackId(i),
                        new long[] {block.value(i), block.samples(i)});
                assertThat(previous)
                        .as("stack %d listed twice in its block", block.stackId(i))
                        .isNull();
            }
        }
        return sums;
    }

    private static Map.Entry<String, Long> frame(String name) {
        return Map.entry(name, IDS.frameId(name));
    }

    private static long stackId(String... namesRootFirst) {
        return IDS.stackId(Arrays.stream(namesRootFirst).mapToLong(IDS::frameId).toArray());
    }

    private static List<Long> stackIdsOf(Map<FrameIdSequence, Long> stacks) {
        Map<Long, long[]> byId = new HashMap<>();
        stacks.forEach((frames, id) -> byId.put(id, frames.frameIds()));
        // Each stack's id is the hash of its own frame ids.
        byId.forEach((id, frames) -> assertThat(IDS.stackId(frames)).isEqualTo(id));
        return List.copyOf(byId.keySet());
    }

    // A distinct String instance with the same characters, as a later report's decoder produces.
    private static String copy(String name) {
        return new String(name.toCharArray());
    }

    private static StackSample sample(String state, long value, String... framesRootFirst) {
        return new StackSample(framesRootFirst, "cpu", state, value, value);
    }

    private static ReportRecord report(StackSample... samples) {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        return new ReportRecord(
                1,
                "r",
                new InstanceInfo("h", 1, start, "17", "v", "0.1", "", "Linux", 2),
                start,
                start.plusSeconds(60),
                "ASYNC_PROFILER_ITIMER",
                "INTERVAL",
                List.of("cpu"),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(samples),
                java.util.Optional.empty());
    }
}
