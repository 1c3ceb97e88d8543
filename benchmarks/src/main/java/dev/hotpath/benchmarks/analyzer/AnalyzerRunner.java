package dev.hotpath.benchmarks.analyzer;

import dev.hotpath.benchmarks.RunMode;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link AnalyzerBenchmarks} with JMH and keeps JMH's own JSON result file. */
public final class AnalyzerRunner {
    private AnalyzerRunner() {}

    public static Collection<RunResult> run(RunMode mode, Path jsonResult) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(AnalyzerBenchmarks.class.getName() + "\\.")
                .forks(mode.analyzerForks())
                .warmupIterations(mode.warmupIterations())
                .warmupTime(TimeValue.seconds(mode.warmupSeconds()))
                .measurementIterations(mode.measurementIterations())
                .measurementTime(TimeValue.seconds(mode.measurementSeconds()))
                // Setup holds 1,000 profiles and two merged trees at once.
                .jvmArgsAppend("-Xmx2g")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .result(jsonResult.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        return new Runner(options).run();
    }
}
