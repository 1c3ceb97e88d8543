package dev.hotpath.collector.storage.write;

import dev.hotpath.collector.storage.jobs.PruneDictionaries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's samples summed per sample type, thread state and stack id (its {@link SampleBlock}s), and the frame
 * and stack rows it has to upsert: those this collector has not seen committed within the trust time. Computed
 * before the transaction; ids are hashed only for names and stacks not remembered, and come out exactly as
 * {@link DictionaryIds} computes them.
 */
public final class ReportDictionary {

    private final Map<String, Long> newFrames = new HashMap<>();
    private final Map<FrameIdSequence, Long> newStacks = new HashMap<>();
    private final List<SampleBlock> blocks = new ArrayList<>();
    private final Map<BlockKey, SampleBlock> blocksByKey = new HashMap<>();
    private final Map<LabelSet, Long> labelSets = new HashMap<>();
    // The first block is sized for every sample of the report (most reports have one type and few states).
    private final int sampleCount;
    private final DictionaryIds ids;
    // The earliest confirmation of a remembered id this report uses: the rows it relies on without upserting them.
    private long oldestConfirmation;
    private SampleBlock lastBlock;

    private ReportDictionary(int sampleCount, DictionaryIds ids, long startedNanos) {
        this.sampleCount = sampleCount;
        this.ids = ids;
        this.oldestConfirmation = startedNanos;
    }

    /** {@code startedNanos}: a {@link System#nanoTime} taken before this call and before the report's transaction. */
    static ReportDictionary of(
            ReportRecord report,
            DictionaryIds ids,
            StoredDictionary<String> storedFrames,
            StoredDictionary<FrameIdSequence> storedStacks,
            long startedNanos) {
        ReportDictionary dictionary = new ReportDictionary(report.samples().size(), ids, startedNanos);
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
            dictionary
                    .block(sample.sampleType(), sample.threadState(), sample.labels())
                    .add(stackId, sample.value(), sample.samples());
        }
        return dictionary;
    }

    // Consecutive samples mostly share their type, state and labels; the map serves the rest.
    private SampleBlock block(String sampleType, String threadState, LabelSet labels) {
        if (lastBlock != null && lastBlock.holds(sampleType, threadState, labels)) {
            return lastBlock;
        }
        BlockKey key = new BlockKey(sampleType, threadState, labels);
        SampleBlock block = blocksByKey.get(key);
        if (block == null) {
            long labelSetId = labels.isEmpty() ? 0 : labelSets.computeIfAbsent(labels, ids::labelSetId);
            block = new SampleBlock(sampleType, threadState, labels, labelSetId, blocks.isEmpty() ? sampleCount : 16);
            blocksByKey.put(key, block);
            blocks.add(block);
        }
        lastBlock = block;
        return block;
    }

    private record BlockKey(String sampleType, String threadState, LabelSet labels) {}

    private FrameIdSequence frameIds(
            String[] names, Map<String, Long> reportFrameIds, StoredDictionary<String> storedFrames) {
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
        StoredDictionary.Remembered stored = storedFrames.id(name);
        if (stored != null) {
            return remembered(stored);
        }
        long id = ids.frameId(name);
        newFrames.put(name, id);
        return id;
    }

    private long stackId(FrameIdSequence frames, StoredDictionary<FrameIdSequence> storedStacks) {
        StoredDictionary.Remembered stored = storedStacks.id(frames);
        if (stored != null) {
            return remembered(stored);
        }
        Long known = newStacks.get(frames);
        if (known != null) {
            return known;
        }
        long id = ids.stackId(frames.frameIds());
        newStacks.put(frames, id);
        return id;
    }

    private long remembered(StoredDictionary.Remembered stored) {
        if (stored.confirmedNanos() - oldestConfirmation < 0) {
            oldestConfirmation = stored.confirmedNanos();
        }
        return stored.id();
    }

    /**
     * The {@link System#nanoTime} since which every dictionary row this report uses has been known present: the
     * oldest confirmation of a remembered id, or the start of this report. See {@link PruneDictionaries}.
     */
    long oldestConfirmation() {
        return oldestConfirmation;
    }

    /** Frames of the report not remembered, by name: the transaction upserts them. */
    Map<String, Long> newFrames() {
        return newFrames;
    }

    /** Stacks of the report not remembered, by their frame ids: the transaction upserts them. */
    Map<FrameIdSequence, Long> newStacks() {
        return newStacks;
    }

    /**
     * The report's label sets with their ids. Few per report (the validator bounds them), so the transaction upserts
     * all of them every time rather than remembering them as it does frames and stacks.
     */
    Map<LabelSet, Long> labelSets() {
        return labelSets;
    }

    /** Value and sample count summed per stack, one block per sample type, thread state and label set. */
    List<SampleBlock> blocks() {
        return blocks;
    }
}
