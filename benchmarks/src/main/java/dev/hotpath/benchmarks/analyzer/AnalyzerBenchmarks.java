package dev.hotpath.benchmarks.analyzer;

import dev.hotpath.analyzer.rules.Analysis;
import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.rules.FrameClassifier;
import dev.hotpath.analyzer.rules.RecommendationEngine;
import dev.hotpath.analyzer.rules.RuleCatalog;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.TreeDiff;
import dev.hotpath.benchmarks.SyntheticStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The analyzer's heavy operations at collector scale: merging 1,000 profiles of 2,000 stacks into one tree,
 * diffing two such merged trees, and running the recommendation catalogue over a tree of 111,110 frames.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class AnalyzerBenchmarks {
    static final int PROFILES = 1_000;
    static final int STACKS_PER_PROFILE = 2_000;
    /** Distinct stacks the profiles draw from: each profile sees a fifth of them, as windows of one service do. */
    static final int POPULATION = 10_000;
    /** 10^5 leaves, so the recommendation tree has 10 + 100 + ... + 100,000 = 111,110 nodes below the prefix. */
    static final int RECOMMENDATION_STACKS = 100_000;

    private List<String[][]> profileStacks;
    private List<long[]> profileValues;
    private CallTree base;
    private CallTree current;
    private CallTree large;
    private RecommendationEngine engine;

    @Setup
    public void generate() {
        SplittableRandom random = new SplittableRandom(7);
        List<String[]> population = SyntheticStacks.population(POPULATION);
        profileStacks = new ArrayList<>(PROFILES);
        profileValues = new ArrayList<>(PROFILES);
        for (int p = 0; p < PROFILES; p++) {
            String[][] stacks = new String[STACKS_PER_PROFILE][];
            long[] values = new long[STACKS_PER_PROFILE];
            for (int s = 0; s < STACKS_PER_PROFILE; s++) {
                stacks[s] = population.get(random.nextInt(POPULATION));
                values[s] = 10_000_000L * (1 + random.nextInt(20));
            }
            profileStacks.add(stacks);
            profileValues.add(values);
        }
        base = merge(0, PROFILES / 2);
        current = merge(PROFILES / 2, PROFILES);
        large = new CallTree();
        int levels = SyntheticStacks.levelsFor(RECOMMENDATION_STACKS);
        for (int i = 0; i < RECOMMENDATION_STACKS; i++) {
            large.add(SyntheticStacks.rootFirst(i, levels), 10_000_000L * (1 + random.nextInt(20)));
        }
        engine = new RecommendationEngine(RuleCatalog.standard(), FrameClassifier.byLibraryList());
    }

    /** 1,000 profiles of 2,000 stacks (2 million stack values) into one call tree. */
    @Benchmark
    public CallTree mergeProfiles() {
        return merge(0, PROFILES);
    }

    /** Diff of two trees of 500 merged profiles each. */
    @Benchmark
    public TreeDiff diffMergedTrees() {
        return CallTree.diff(base, current);
    }

    /** The whole recommendation catalogue over a 100,000-leaf tree. */
    @Benchmark
    public Analysis recommendLargeTree() {
        return engine.analyze(large, new CostModel(2.0, 0.05));
    }

    private CallTree merge(int from, int to) {
        CallTree tree = new CallTree();
        for (int p = from; p < to; p++) {
            String[][] stacks = profileStacks.get(p);
            long[] values = profileValues.get(p);
            for (int s = 0; s < stacks.length; s++) {
                tree.add(stacks[s], values[s]);
            }
        }
        return tree;
    }
}
