package dev.hotpath.analyzer.heap;

import java.time.Instant;

/**
 * A type whose retained size rose steadily across the snapshots: a possible leak.
 *
 * @param bytesPerHour growth rate (Theil-Sen slope, robust to single odd snapshots)
 * @param tau Kendall's tau of size against time: 1.0 means it grew at every step
 */
public record LeakSuspect(
        String type, Instant since, long firstBytes, long lastBytes, double bytesPerHour, double tau, int snapshots) {}
