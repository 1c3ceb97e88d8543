package dev.hotpath.analyzer.rules;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Runs a rule catalogue over a call tree and measures each rule's share, savings and evidence. */
public final class RecommendationEngine {
    private static final int EVIDENCE_STACKS = 3;
    private static final int USER_FRAMES = 5;

    private final List<Rule> rules;
    private final List<List<FramePattern>> targetPatterns;
    private final List<List<FramePattern>> exclusionPatterns;
    private final FrameClassifier classifier;

    public RecommendationEngine(RuleCatalog catalog, FrameClassifier classifier) {
        if (catalog.rules().size() > Long.SIZE) {
            // Matches are kept as one bit per rule in a long.
            throw new IllegalArgumentException("the engine handles at most 64 rules, the catalogue has "
                    + catalog.rules().size());
        }
        this.rules = catalog.rules();
        this.targetPatterns = rules.stream()
                .map(r -> r.targetFrames().stream().map(FramePattern::of).toList())
                .toList();
        this.exclusionPatterns = rules.stream()
                .map(r -> r.excludedFrames().stream().map(FramePattern::of).toList())
                .toList();
        this.classifier = classifier;
    }

    /** Measures every rule on {@code tree}; shares are of the tree's total, so choose the view before building it. */
    public Analysis analyze(CallTree tree, CostModel cost) {
        Accumulator[] accumulators = new Accumulator[rules.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = new Accumulator();
        }
        Walk walk = new Walk(accumulators);
        for (Node child : tree.root().children()) {
            walk.visit(child, 0);
        }
        long total = tree.total();
        Map<String, Finding> byRule = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            byRule.put(rules.get(r).id(), accumulators[r].finding(rules.get(r), total, cost));
        }
        return new Analysis(total, cost, byRule);
    }

    /**
     * One depth-first pass over the tree. Rule matches are bit masks per distinct frame name (computed once), OR-ed
     * down the path, so a node costs one map lookup however many rules there are.
     */
    private final class Walk {
        private final Accumulator[] accumulators;
        private final Map<String, long[]> masks = new HashMap<>();
        private final Map<String, Boolean> applicationFrames = new HashMap<>();
        private String[] path = new String[64];
        private long[] targets = new long[64];
        private long[] reachedTargets = new long[64];
        private long[] reachedExclusions = new long[64];

        Walk(Accumulator[] accumulators) {
            this.accumulators = accumulators;
        }

        void visit(Node node, int depth) {
            if (depth == path.length) {
                path = Arrays.copyOf(path, depth * 2);
                targets = Arrays.copyOf(targets, depth * 2);
                reachedTargets = Arrays.copyOf(reachedTargets, depth * 2);
                reachedExclusions = Arrays.copyOf(reachedExclusions, depth * 2);
            }
            long[] mask = masks.computeIfAbsent(node.name(), this::mask);
            path[depth] = node.name();
            targets[depth] = mask[0];
            reachedTargets[depth] = mask[0] | (depth > 0 ? reachedTargets[depth - 1] : 0);
            reachedExclusions[depth] = mask[1] | (depth > 0 ? reachedExclusions[depth - 1] : 0);
            long matched = reachedTargets[depth] & ~reachedExclusions[depth];
            if (node.self() > 0 && matched != 0) {
                record(node.self(), depth, matched);
            }
            for (Node child : node.children()) {
                visit(child, depth + 1);
            }
        }

        private void record(long value, int depth, long matched) {
            String[] frames = Arrays.copyOf(path, depth + 1);
            for (int r = 0; r < rules.size(); r++) {
                if ((matched & (1L << r)) == 0) {
                    continue;
                }
                int target = 0;
                while ((targets[target] & (1L << r)) == 0) {
                    target++;
                }
                String userFrame = null;
                for (int i = target - 1; i >= 0; i--) {
                    if (applicationFrames.computeIfAbsent(frames[i], classifier::isApplication)) {
                        userFrame = frames[i];
                        break;
                    }
                }
                accumulators[r].add(frames, value, frames[target], userFrame);
            }
        }

        private long[] mask(String frame) {
            long[] mask = new long[2];
            for (int r = 0; r < rules.size(); r++) {
                if (matchesAny(targetPatterns.get(r), frame)) {
                    mask[0] |= 1L << r;
                }
                if (matchesAny(exclusionPatterns.get(r), frame)) {
                    mask[1] |= 1L << r;
                }
            }
            return mask;
        }
    }

    private static boolean matchesAny(List<FramePattern> patterns, String frame) {
        for (FramePattern pattern : patterns) {
            if (pattern.matches(frame)) {
                return true;
            }
        }
        return false;
    }

    /** One rule's running sums while the tree is walked. */
    private static final class Accumulator {
        private long value;
        private final Map<String, Long> userFrames = new HashMap<>();
        private final PriorityQueue<Evidence> heaviest = new PriorityQueue<>(Comparator.comparingLong(Evidence::value));

        void add(String[] frames, long stackValue, String targetFrame, String userFrame) {
            value += stackValue;
            if (userFrame != null) {
                userFrames.merge(userFrame, stackValue, Long::sum);
            }
            if (heaviest.size() < EVIDENCE_STACKS || heaviest.peek().value() < stackValue) {
                heaviest.add(new Evidence(Arrays.asList(frames), stackValue, 0, targetFrame, userFrame));
                if (heaviest.size() > EVIDENCE_STACKS) {
                    heaviest.poll();
                }
            }
        }

        Finding finding(Rule rule, long total, CostModel cost) {
            double share = total == 0 ? 0.0 : (double) value / total;
            List<Evidence> evidence = new ArrayList<>();
            for (Evidence e : heaviest) {
                evidence.add(new Evidence(
                        List.copyOf(e.framesRootFirst()),
                        e.value(),
                        (double) e.value() / total,
                        e.targetFrame(),
                        e.userFrame()));
            }
            evidence.sort(Comparator.comparingLong(Evidence::value).reversed());
            List<UserFrameShare> frames = userFrames.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(USER_FRAMES)
                    .map(e -> new UserFrameShare(e.getKey(), e.getValue(), (double) e.getValue() / total))
                    .toList();
            return new Finding(
                    rule,
                    value,
                    share,
                    cost.coreHoursPerMonth(share),
                    cost.costPerMonth(share),
                    frames,
                    List.copyOf(evidence));
        }
    }
}
