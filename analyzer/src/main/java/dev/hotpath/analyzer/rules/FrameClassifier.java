package dev.hotpath.analyzer.rules;

import java.util.List;

/**
 * Tells the application's own frames from library, JDK, native and synthetic frames, so a finding can point at the
 * line the user can change and both flame graph pages (collector UI and the analyzer's --html page) colour frames
 * alike. With application package prefixes given, only frames under them are the application's.
 */
public final class FrameClassifier {
    /** Packages of the JDK itself. */
    public static final List<String> JDK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Packages treated as library code when no application prefixes are given. */
    public static final List<String> LIBRARY_PREFIXES = List.of(
            "jakarta.",
            "kotlin.",
            "kotlinx.",
            "scala.",
            "com.fasterxml.",
            "org.apache.",
            "software.amazon.",
            "com.amazonaws.",
            "io.netty.",
            "org.slf4j.",
            "ch.qos.logback.",
            "org.springframework.",
            "com.google.",
            "io.grpc.",
            "io.quarkus.",
            "io.vertx.",
            "io.smallrye.",
            "org.hibernate.",
            "org.eclipse.",
            "org.jboss.",
            "io.micrometer.",
            "io.opentelemetry.",
            "reactor.",
            "io.reactivex.",
            "okhttp3.",
            "okio.",
            "org.postgresql.",
            "com.zaxxer.",
            "org.jooq.",
            "org.glassfish.",
            "net.bytebuddy.",
            "org.objectweb.",
            "com.mysql.",
            "org.h2.",
            "org.yaml.",
            "org.json.",
            "com.squareup.",
            "org.junit.",
            "org.mockito.",
            "org.bouncycastle.",
            "org.xml.",
            "org.w3c.",
            "groovy.",
            "org.codehaus.",
            "org.aspectj.",
            "io.undertow.",
            "org.xnio.",
            "org.flywaydb.",
            "com.github.benmanes.caffeine.",
            "io.dropwizard.",
            "one.profiler.",
            "dev.hotpath.agent.");

    private final List<String> applicationPrefixes;

    private FrameClassifier(List<String> applicationPrefixes) {
        this.applicationPrefixes = applicationPrefixes;
    }

    /** Every Java frame outside {@link #JDK_PREFIXES} and {@link #LIBRARY_PREFIXES} is the application's. */
    public static FrameClassifier byLibraryList() {
        return new FrameClassifier(List.of());
    }

    /** Only Java frames under these package prefixes (e.g. {@code com.example.}) are the application's. */
    public static FrameClassifier forApplication(List<String> applicationPrefixes) {
        for (String prefix : applicationPrefixes) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException(
                        "application package prefixes must not be blank: " + applicationPrefixes);
            }
        }
        return new FrameClassifier(List.copyOf(applicationPrefixes));
    }

    /** Whether {@code frame} is a method of the application's own code. */
    public boolean isApplication(String frame) {
        return kind(frame) == FrameKind.APPLICATION;
    }

    /** The kind of code {@code frame} names. */
    public FrameKind kind(String frame) {
        if (frame.startsWith("[")) {
            return FrameKind.SYNTHETIC;
        }
        if (!isJava(frame)) {
            return FrameKind.NATIVE;
        }
        if (!applicationPrefixes.isEmpty() && startsWithAny(frame, applicationPrefixes)) {
            return FrameKind.APPLICATION;
        }
        if (startsWithAny(frame, JDK_PREFIXES)) {
            return FrameKind.JDK;
        }
        if (!applicationPrefixes.isEmpty() || startsWithAny(frame, LIBRARY_PREFIXES)) {
            return FrameKind.LIBRARY;
        }
        return FrameKind.APPLICATION;
    }

    // Native and VM frames: C++ (Klass::method), C (memcpy), libraries (/usr/lib/libjvm.so), synthetic ([unknown]).
    private static boolean isJava(String frame) {
        if (frame.isEmpty() || !Character.isJavaIdentifierStart(frame.charAt(0)) || frame.contains("::")) {
            return false;
        }
        int signature = frame.indexOf('(');
        String name = signature < 0 ? frame : frame.substring(0, signature);
        return name.indexOf('.') > 0 && name.indexOf('/') < 0;
    }

    private static boolean startsWithAny(String frame, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
