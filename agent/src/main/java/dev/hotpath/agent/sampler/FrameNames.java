package dev.hotpath.agent.sampler;

/** Turns class and method names into the frame names both engines deliver ({@code package.Class.method}). */
final class FrameNames {
    private static final String LAMBDA = "$$Lambda";

    private FrameNames() {}

    /**
     * The frame name of a Java method. {@code className} may be in binary ({@code a.b.C}) or internal
     * ({@code a/b/C}) form. Lambda classes lose their per-run suffix ({@code $$Lambda$14/0x0000...},
     * {@code $$Lambda/0x...}, {@code $$Lambda.0x...}) so that the same lambda merges across runs and
     * JVMs, whichever engine saw it.
     */
    static String javaFrame(String className, String methodName) {
        String dotted = className.replace('/', '.');
        int lambda = dotted.indexOf(LAMBDA);
        if (lambda >= 0) {
            dotted = dotted.substring(0, lambda + LAMBDA.length());
        } else {
            // Other hidden classes (LambdaForm$MH, generated accessors) end in ".0x<address>" once dotted.
            int hidden = dotted.indexOf(".0x");
            if (hidden > 0) {
                dotted = dotted.substring(0, hidden);
            }
        }
        return dotted + '.' + methodName;
    }
}
