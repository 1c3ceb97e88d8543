package dev.hotpath.benchmarks.overhead;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * A service-like request handler with no I/O: builds request lines, parses them with a regex, counts fields in
 * a hash map, sorts the result and renders a response; run on two threads, one per core of the CI machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@State(Scope.Thread)
public class ServiceWorkload {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=([\\w.-]+)");
    private static final String[] KEYS = {"user", "region", "plan", "device", "locale", "path", "status", "tier"};
    private static final String[] VALUES = {
        "eu-west-1",
        "pro",
        "free",
        "ios",
        "android",
        "en-GB",
        "de-DE",
        "checkout",
        "search",
        "200",
        "404",
        "gold",
        "silver",
        "web"
    };

    private SplittableRandom random;

    @Setup
    public void seed() {
        random = new SplittableRandom(42);
    }

    /** One request, measured by JMH with the process CPU meter around its iterations. */
    @Benchmark
    public String handleRequest(ProcessCpuMeter meter) {
        return handle();
    }

    /** One request: 40 log lines parsed, aggregated, sorted and rendered; also run outside JMH by {@link PairedProbe}. */
    String handle() {
        Map<String, Integer> counts = new HashMap<>();
        for (int line = 0; line < 40; line++) {
            Matcher matcher = FIELD.matcher(requestLine());
            while (matcher.find()) {
                counts.merge(matcher.group(1) + ':' + matcher.group(2), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        StringBuilder response = new StringBuilder(512);
        for (Map.Entry<String, Integer> entry : entries) {
            response.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
        }
        return response.toString();
    }

    private String requestLine() {
        StringBuilder line = new StringBuilder(128).append("GET /api?");
        int fields = 3 + random.nextInt(KEYS.length - 2);
        for (int i = 0; i < fields; i++) {
            line.append(KEYS[random.nextInt(KEYS.length)])
                    .append('=')
                    .append(VALUES[random.nextInt(VALUES.length)])
                    .append('&');
        }
        return line.append("id=").append(random.nextInt(1_000_000)).toString();
    }
}
