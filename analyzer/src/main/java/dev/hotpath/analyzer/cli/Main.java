package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.rules.RecommendationsDoc;
import dev.hotpath.analyzer.rules.RuleCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Entry point of hotpath-analyzer.jar: {@code analyze FILE}, {@code compare BASE CURRENT}, {@code rules}. */
public final class Main {
    static final String USAGE = String.join(
            "\n",
            "usage: java -jar hotpath-analyzer.jar analyze FILE [options]",
            "       java -jar hotpath-analyzer.jar compare BASE CURRENT [options]   (e.g. two versions)",
            "       java -jar hotpath-analyzer.jar rules [--markdown]",
            "",
            "FILE is a JFR recording (JDK or async-profiler), a pprof file (.pb.gz / .pb) or folded stacks.",
            "options:",
            "  --type cpu|wall|alloc|lock   profile type to read (default cpu)",
            "  --view cpu|latency|all|S+S   thread states to count (default all)",
            "  --json                       print the report as JSON",
            "  --html OUT.html              also write a self-contained flame graph page",
            "  --app-package PREFIX         application package (repeatable); default: all non-library code",
            "  --cores N                    CPU cores the service uses (default: from the profile, else 1)",
            "  --price P                    price per vCPU-hour (default 0.05)",
            "  --top N                      hotspots (or changes) to list (default 15)");

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    /** Runs one command; returns the process exit code (0 done, 1 failed reading input, 2 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "analyze":
                    return AnalyzeCommand.run(
                            AnalyzeOptions.parse("analyze", Arrays.copyOfRange(args, 1, args.length), 1), out);
                case "compare":
                    return CompareCommand.run(
                            AnalyzeOptions.parse("compare", Arrays.copyOfRange(args, 1, args.length), 2), out);
                case "rules":
                    return rules(Arrays.copyOfRange(args, 1, args.length), out);
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("hotpath-analyzer: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("hotpath-analyzer: " + describe(e));
            return 1;
        }
    }

    private static int rules(String[] args, PrintStream out) {
        if (args.length == 1 && args[0].equals("--markdown")) {
            out.print(RecommendationsDoc.markdown(RuleCatalog.standard()));
            return 0;
        }
        if (args.length > 0) {
            throw new UsageException("rules takes only --markdown, got " + Arrays.toString(args));
        }
        RuleCatalog.standard()
                .rules()
                .forEach(rule -> out.printf("%-32s %5.1f%%  %s%n", rule.id(), rule.thresholdPercent(), rule.title()));
        return 0;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
