package dev.hotpath.agent.config;

import dev.hotpath.agent.sampler.ProfileType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which way a setting gets cheaper for the host: the collector may move a value that way from the
 * local one (set locally or the default), never the other way.
 */
abstract class Ceiling<T> {

    /** Longer is cheaper: intervals between samples, reports or heap summaries. */
    static final Ceiling<Long> NOT_SHORTER = new Ceiling<Long>("local or longer") {
        @Override
        Long clamp(Long remote, Long local) {
            return Math.max(remote, local);
        }
    };

    /** Smaller is cheaper: stack depth, memory share. */
    static final Ceiling<Integer> NOT_HIGHER = new Ceiling<Integer>("local or lower") {
        @Override
        Integer clamp(Integer remote, Integer local) {
            return Math.min(remote, local);
        }
    };

    /**
     * Heap summaries: either value, since their cost is bounded by their spacing instead; see
     * {@link AgentConfig#heapSummaryEveryMillis()}.
     */
    static final Ceiling<Boolean> SPACED =
            new Ceiling<Boolean>(
                    "false, or true: then at most one per" + " heapSummaryIntervalInMilliseconds unless true locally") {
                @Override
                Boolean clamp(Boolean remote, Boolean local) {
                    return remote;
                }
            };

    /**
     * Fewer types are cheaper: the types asked for that are also allowed locally; when none is, the
     * local types (never an empty set, which no engine accepts).
     */
    static final Ceiling<Set<ProfileType>> SUBSET = new Ceiling<Set<ProfileType>>("a subset of the local types") {
        @Override
        Set<ProfileType> clamp(Set<ProfileType> remote, Set<ProfileType> local) {
            EnumSet<ProfileType> allowed = EnumSet.noneOf(ProfileType.class);
            allowed.addAll(remote);
            allowed.retainAll(local);
            return allowed.isEmpty() ? local : Collections.unmodifiableSet(allowed);
        }
    };

    private final String text;

    private Ceiling(String text) {
        this.text = text;
    }

    /** {@code remote} when it costs no more than {@code local}, else the costliest value within {@code local}. */
    abstract T clamp(T remote, T local);

    /** The rule in words, for the settings table. */
    String text() {
        return text;
    }
}
