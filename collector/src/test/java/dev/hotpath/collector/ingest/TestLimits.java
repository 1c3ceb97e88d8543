package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import java.time.Duration;

/** Report limits small enough for a test to reach; the rest as the collector's defaults. */
record TestLimits(int maxSamples, int maxStrings, int maxFramesPerSample, int maxTotalFrames, int maxFunctions)
        implements CollectorConfig.Limits {

    TestLimits(int maxSamples, int maxStrings, int maxFramesPerSample) {
        this(maxSamples, maxStrings, maxFramesPerSample, 1000, 1000);
    }

    @Override
    public Duration maxWindow() {
        return Duration.ofDays(1);
    }

    @Override
    public Duration maxClockSkew() {
        return Duration.ofMinutes(5);
    }

    @Override
    public int maxLocations() {
        return maxFunctions;
    }

    @Override
    public int maxPayloadBytes() {
        return 1 << 20;
    }

    @Override
    public int maxDecompressedBytes() {
        return 4 << 20;
    }

    @Override
    public int maxConcurrentReports() {
        return 1;
    }

    @Override
    public int maxQueuedReports() {
        return 0;
    }
}
