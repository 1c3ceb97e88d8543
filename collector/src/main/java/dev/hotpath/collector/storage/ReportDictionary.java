package dev.hotpath.collector.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's samples summed per sample type, thread state and stack id (its {@link SampleBlock}s), and the frame
 * and stack rows it has to insert: those this collector has not seen committed. Computed before the transaction;
 * ids are hashed only for names and stacks new to this collector, and come out exactly as {@link DictionaryIds}
 * computes them.
 */
final class ReportDictionary {

    private final Map<String, Long> newFrames = new HashMap<>();
    private final Map<FrameIdSequence, Long> newStacks = new HashMap<>();
    private final List<SampleBlock> blocks = new ArrayList<>();
    private final Map<String, Map<String, SampleBlock>> blocksByTypeAndState = new HashMap<>();
    // The first block is sized for every sample of the report (most reports have one type and few states).
    private final int sampleCount;
    private SampleBlock lastBlock;

    private ReportDictionary(int sampleCount) {
        this.sampleCount = sampleCount;
    }

    static ReportDictionary of(ReportRecord report, StoredDictionary<String> storedFrames,
            StoredDictionary<FrameIdSequence> storedStacks) {
        ReportDictionary dictionary = new ReportDictionary(report.samples().size());
        // The decoder hands out one String instance per distinct name, so this lookup rarely compares characters.
        Map<String, Long> frameIds = new HashMap<>();
        // The decoder gives the samples of one stack for several sample types the same array.
        String[] previousNames = null;
        long previousStackId = 0;
        for (StackSample sample : report.samples()) {
            String[] names = sample.framesRootFirst();
            long stackId = previousStackId;
            if (names != previousNames) {
                stackId = dictionary.stackId(dictionary.frameIds(names, frameIds, storedFrames), storedStacks);
                previousNames = names;
                previousStackId = stackId;
            }
            dictionary.block(sample.sampleType(), sample.threadState())
                    .add(stackId, sample.value(), sample.samples());
        }
        return dictionary;
    }

    // Consecutive samples mostly share their type and state; the map (no key object built) serves the rest, however
    // many distinct states a report names.
    private SampleBlock block(String sampleType, String threadState) {
        if (lastBlock != null && lastBlock.holds(sampleType, threadState)) {
            return lastBlock;
        }
        Map<String, SampleBlock> byState = blocksByTypeAndState.computeIfAbsent(sampleType, type -> new HashMap<>());
        SampleBlock block = byState.get(threadState);
        if (block == null) {
            block = new SampleBlock(sampleType, threadState, blocks.isEmpty() ? sampleCount : 16);
            byState.put(threadState, block);
            blocks.add(block);
        }
        lastBlock = block;
        return block;
    }

    private FrameIdSequence frameIds(String[] names, Map<String, Long> reportFrameIds,
            StoredDictionary<String> storedFrames) {
        long[] ids = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            Long id = reportFrameIds.get(names[i]);
            if (id == null) {
                id = frameId(names[i], storedFrames);
                reportFrameIds.put(names[i], id);
            }
            ids[i] = id;
        }
        return new FrameIdSequence(ids);
    }

    private long frameId(String name, StoredDictionary<String> storedFrames) {
        Long stored = storedFrames.id(name);
        if (stored != null) {
            return stored;
        }
        long id = DictionaryIds.frameId(name);
        newFrames.put(name, id);
        return id;
    }

    private long stackId(FrameIdSequence frames, StoredDictionary<FrameIdSequence> storedStacks) {
        Long known = storedStacks.id(frames);
        if (known == null) {
            known = newStacks.get(frames);
        }
        if (known != null) {
            return known;
        }
        long id = DictionaryIds.stackId(frames.frameIds());
        newStacks.put(frames, id);
        return id;
    }

    /** Frames of the report not seen committed, by name. */
    Map<String, Long> newFrames() {
        return newFrames;
    }

    /** Stacks of the report not seen committed, by their frame ids. */
    Map<FrameIdSequence, Long> newStacks() {
        return newStacks;
    }

    /** Value and sample count summed per stack, one block per sample type and thread state. */
    List<SampleBlock> blocks() {
        return blocks;
    }
}
