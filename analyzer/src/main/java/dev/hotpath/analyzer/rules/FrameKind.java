package dev.hotpath.analyzer.rules;

import java.util.Locale;

/** What kind of code a frame is: what a user can change (application) and what they can only call differently. */
public enum FrameKind {
    APPLICATION,
    LIBRARY,
    JDK,
    NATIVE,
    SYNTHETIC;

    /** The lower-case name the flame graph pages use for colours and the legend. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
