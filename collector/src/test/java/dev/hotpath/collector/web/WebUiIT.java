package dev.hotpath.collector.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.collector.e2e.SplitWorkload;
import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium against the packaged collector holding data reported by the real agent
 * (plus one report with a hostile frame name and a second group with an anomaly, sent over gRPC). Screenshots and
 * the 100,000-node drawing numbers (perf.txt) go to target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {

    private static final String GROUP = "webui";
    private static final String ANOMALY_GROUP = "webui-anomalies";
    private static final String DEEP_GROUP = "webui-deep";
    private static final int DEEP_FRAMES = 240;
    // The endpoint of each of the deep group's six branches (as the agent labels server work): GET /search holds
    // the regex finding, and the JIT and GC stacks carry no endpoint.
    private static final String[] DEEP_ENDPOINTS = {
        "GET /search", "GET /search", "POST /orders", "GET /report", "GET /report", "GET /report"
    };
    // One sample = 10 ms of CPU; the deep group's application threads hold 700 samples, the JVM's 300.
    private static final long SAMPLE = 10_000_000L;
    private static final String JIT_THREAD = "start_thread;thread_native_entry(Thread*);Thread::call_run();"
            + "JavaThread::thread_main_inner();CompileBroker::compiler_thread_loop();"
            + "CompileBroker::invoke_compiler_on_method(CompileTask*);C2Compiler::compile_method(ciEnv*);Compile::Compile()";
    private static final String GC_THREAD = "start_thread;thread_native_entry(Thread*);Thread::call_run();"
            + "WorkerThread::run();G1EvacuateRegionsTask::work(unsigned int)";
    private static final Instant ANOMALY_HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    private static final String HEAVY = SplitWorkload.class.getName() + ".heavy";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String LEAKY_HOST = "leaky-host";
    private static final String LEAKING = "com.example.Cache$Entry";
    private static final Path SCREENSHOTS = Path.of("target/ui-screenshots");
    private static final Duration WORKLOAD_LIMIT = Duration.ofMinutes(3);

    @TempDir
    static Path workDir;

    private CollectorProcess collector;
    private ChromeDriver browser;
    private String adminToken;

    @BeforeAll
    void startCollectorAgentAndBrowser() throws Exception {
        Path agentJar = Path.of(System.getProperty("it.agent.jar", "../agent/target/hotpath-agent.jar"));
        if (!Files.exists(agentJar)) {
            fail("agent jar missing at " + agentJar.toAbsolutePath() + ": build the agent module first");
        }
        collector = CollectorProcess.start(workDir, Map.of());
        adminToken =
                Files.readString(workDir.resolve("hotpath-data/admin-token")).trim();
        String token = createGroup(GROUP);
        // Two versions side by side: version 1.0 with a known CPU split, version 2.0 compiling a regex per call and
        // retaining memory (heap summaries on), so recommendations, heap and version filters have real agent data.
        // The second JVM starts once the first one's engine runs: two agents starting their engines at the same
        // moment can collide. Both run until the collector holds what the tests need (on this shared machine an
        // agent may take seconds to start and reports may wait), then they are stopped.
        Process regex = startWorkload(
                agentJar,
                token,
                "version=2.0,heapSummary=true,reportingIntervalInMilliseconds=1000",
                RegexWorkload.class,
                "regex");
        Process split = startWorkload(
                agentJar, token, "version=1.0,reportingIntervalInMilliseconds=2000", SplitWorkload.class, "split");
        awaitData(
                Map.of(split, "split", regex, "regex"),
                () -> collapsed("1.0").contains(HEAVY)
                        && collapsed("2.0").contains("java.util.regex.Pattern.compile")
                        && mostHeapSnapshots() >= 3);
        try (AgentClient client = new AgentClient(collector.port())) {
            client.as(token)
                    .submitReport(ReportFixture.report()
                            .group(GROUP)
                            .host("hostile-host")
                            .windowStart(Instant.now().minusSeconds(120))
                            .stack("java.lang.Thread.run;" + HOSTILE, 500_000_000L)
                            .build());
            submitLeak(client.as(token));
            submitAnomalyStep(client.as(createGroup(ANOMALY_GROUP)));
            client.as(createGroup(DEEP_GROUP)).submitReport(deepReport());
        }
        Files.createDirectories(SCREENSHOTS);
        browser = startChromium();
        browser.get(collector.baseUrl() + "/");
        browser.findElement(By.id("token")).sendKeys(adminToken);
        browser.findElement(By.id("signin")).click();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Order(1)
    void groupsPage_afterSignIn_listsTheGroup() throws Exception {
        browser.get(collector.baseUrl() + "/#/");
        WebElement row = waitFor(By.cssSelector("#groups tr[data-group='" + GROUP + "']"));
        wait(Duration.ofSeconds(20))
                .until(d -> !row.findElements(By.tagName("td")).get(1).getText().equals("…"));
        assertThat(row.getText()).contains(GROUP);
        assertThat(row.findElements(By.tagName("td")).get(1).getText())
                .as("instances")
                .isNotEqualTo("0");
        wait(Duration.ofSeconds(20))
                .until(d -> row.findElements(By.tagName("td")).get(3).getText().endsWith("cores"));
        assertThat(row.findElements(By.tagName("td")).get(4).getText())
                .as("agent overhead")
                .matches("[0-9.]+ (ms|s|min|h) CPU = [0-9.]+% of the process");
        screenshot("groups");
    }

    @Test
    @Order(2)
    void flameGraph_workloadData_drawsAndFindsTheWorkloadFrames() throws Exception {
        openGroup("");
        assertThat(nonBlankPixels()).as("coloured pixels on the flame canvas").isGreaterThan(2_000);
        waitFor(By.cssSelector("#verdict-findings li"));
        screenshot("group-page");
        search(SplitWorkload.class.getSimpleName() + ".heavy");
        String info = browser.findElement(By.id("search-info")).getText();
        assertThat(info).matches("[0-9,]+ frames, [0-9.]+% of samples");
        assertThat(info).doesNotStartWith("0 frames");
        assertThat(highlightedPixels()).as("highlighted (magenta) pixels").isGreaterThan(100);
        screenshot("flame-search");
    }

    @Test
    @Order(3)
    void flameGraph_click_zoomsIntoTheFrame() throws Exception {
        openGroup("");
        WebElement canvas = browser.findElement(By.id("flame"));
        long before = zoom();
        // Icicle by default: the top row is the root, the row below holds its children. Aim at the middle of that
        // row in viewport coordinates: a tall canvas is larger than the window, so element-relative offsets lie.
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", canvas);
        @SuppressWarnings("unchecked")
        Map<String, Number> rect =
                (Map<String, Number>) js("const r = document.getElementById('flame').getBoundingClientRect();"
                        + " return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + 27)};");
        new Actions(browser)
                .moveToLocation(rect.get("x").intValue(), rect.get("y").intValue())
                .click()
                .perform();
        long after = zoom();
        assertThat(after).as("zoomed node index").isNotEqualTo(before);
        screenshot("flame-zoomed");
        browser.findElement(By.id("reset")).click();
        assertThat(zoom()).isZero();
    }

    @Test
    @Order(4)
    void compareMode_twoRanges_drawsADiff() throws Exception {
        Instant now = Instant.now();
        openGroup("?mode=compare&from=" + now.minusSeconds(600) + "&to=" + now.plusSeconds(60) + "&baseFrom="
                + now.minusSeconds(3600) + "&baseTo=" + now.minusSeconds(600));
        assertThat(browser.findElement(By.id("flame-status")).getText()).startsWith("compare:");
        assertThat(nonBlankPixels()).isGreaterThan(2_000);
        screenshot("compare");
    }

    @Test
    @Order(5)
    void compareMode_twoVersions_drawsADiff() throws Exception {
        openGroup("?mode=compare&baseVersion=1.0&version=2.0");
        assertThat(browser.findElement(By.id("flame-status")).getText())
                .startsWith("compare:")
                .contains("version 1.0 → 2.0");
        assertThat(nonBlankPixels()).isGreaterThan(2_000);
        screenshot("compare-versions");
    }

    @Test
    @Order(6)
    void versionFilter_eachVersion_graphHoldsOnlyThatVersionsFrames() throws Exception {
        openGroup("?version=1.0");
        search(RegexWorkload.class.getSimpleName());
        assertThat(browser.findElement(By.id("search-info")).getText()).startsWith("0 frames");
        String nodesOfOne = browser.findElement(By.id("flame")).getDomAttribute("data-nodes");

        openGroup("?version=2.0");
        search(RegexWorkload.class.getSimpleName());
        assertThat(browser.findElement(By.id("search-info")).getText()).doesNotStartWith("0 frames");
        search(SplitWorkload.class.getSimpleName());
        assertThat(browser.findElement(By.id("search-info")).getText()).startsWith("0 frames");
        assertThat(browser.findElement(By.id("flame")).getDomAttribute("data-nodes"))
                .isNotEqualTo(nodesOfOne);
        screenshot("version-filter");
    }

    @Test
    @Order(7)
    void recommendationClick_regexCompiledPerCall_highlightsItsStacks() throws Exception {
        openGroup("?tab=recommendations");
        WebElement finding = waitFor(By.cssSelector("#findings [data-rule='regex-compiled-per-call']"));
        assertThat(finding.getText()).contains("core-hours/month").contains("Pattern");
        finding.click();
        String info = wait(Duration.ofSeconds(10)).until(d -> {
            String text = d.findElement(By.id("rec-info")).getText();
            return text.contains("highlighted") ? text : null;
        });
        assertThat(info)
                .matches(".*: [1-9][0-9]* of [0-9]+ evidence stacks highlighted, .* = [0-9.]+% of the flame graph");
        assertThat(highlightedPixels()).as("highlighted (magenta) pixels").isGreaterThan(100);
        scrollTo(By.id("flame"));
        screenshot("recommendations-highlight");
        scrollTo(By.id("side"));
        screenshot("recommendations");
    }

    @Test
    @Order(8)
    void anomaliesPanel_dismiss_causeNoLongerReported() throws Exception {
        String range = "?from=" + ANOMALY_HOUR + "&to=" + ANOMALY_HOUR.plus(2, ChronoUnit.HOURS) + "&tab=anomalies";
        openGroup(ANOMALY_GROUP, range);
        WebElement row = waitFor(By.cssSelector("#anomalies tr[data-function='com.example.Orders.parse']"));
        assertThat(row.getText()).contains("up").contains("HIGH");
        assertThat(browser.findElement(By.id("verdict-anomalies")).getText())
                .as("the verdict's open anomalies")
                .matches("(?s)[1-9][0-9]* open anomal(y|ies).*:.*")
                .contains("▲ com.example.Orders.parse");
        // Once the flame graph is loaded, the verdict lists the application threads' anomalies first and counts the
        // JIT compiler thread's apart: the default thread filter hides them.
        WebElement jvm = waitFor(By.id("verdict-anomalies-jvm"));
        assertThat(jvm.getText()).matches(" ?\\([1-9][0-9]* in JVM threads: JIT compiler, GC, VM\\)");
        List<WebElement> listed = browser.findElements(By.cssSelector("#verdict-anomalies li"));
        assertThat(listed)
                .extracting(li -> li.getDomAttribute("data-threads"))
                .as("the top of the verdict's anomalies")
                .containsOnly("app");
        assertThat(listed).extracting(li -> li.getDomAttribute("data-function")).contains("com.example.Orders.parse");
        WebElement parse = listed.stream()
                .filter(li -> "com.example.Orders.parse".equals(li.getDomAttribute("data-function")))
                .findFirst()
                .orElseThrow();
        parse.click();
        assertThat(browser.findElement(By.id("verdict-info")).getText())
                .as("what a click on an anomaly shows")
                .matches(
                        "com\\.example\\.Orders\\.parse: [0-9.]+% of the samples of application threads run in it \\(highlighted\\)\\.");
        screenshot("anomalies");
        row.findElement(By.className("dismiss-btn")).click();
        wait(Duration.ofSeconds(10))
                .until(d -> String.valueOf(row.getDomAttribute("class")).contains("dismissed"));
        assertThat(browser.findElement(By.id("anomaly-message")).getText()).startsWith("Dismissed");

        List<String> functions = admin().queryParam("from", ANOMALY_HOUR.toString())
                .queryParam("to", ANOMALY_HOUR.plus(2, ChronoUnit.HOURS).toString())
                .queryParam("view", "cpu")
                .get("/api/v1/groups/" + ANOMALY_GROUP + "/anomalies")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("anomalies.function");
        assertThat(functions).doesNotContain("com.example.Orders.parse").contains("com.example.Orders.handle");
    }

    @Test
    @Order(9)
    void heapPanel_agentAndLeakingInstance_chartsAndTheGrowingTypeAsLeakSuspect() throws Exception {
        openGroup("?tab=heap");
        waitFor(By.cssSelector("#tab-body .heap"));
        List<WebElement> panels = browser.findElements(By.cssSelector("#tab-body .heap"));
        scrollTo(By.id("side"));
        screenshot("heap");
        WebElement agent = panels.stream()
                .filter(p -> !p.getText().contains(LEAKY_HOST))
                .findFirst()
                .orElseThrow();
        assertThat(agent.findElements(By.cssSelector(".heap-chart polyline")))
                .as("series drawn")
                .isNotEmpty();
        assertThat(agent.findElement(By.className("legend")).getText())
                .contains(RegexWorkload.Retained.class.getName());
        WebElement leaky = panels.stream()
                .filter(p -> p.getText().contains(LEAKY_HOST))
                .findFirst()
                .orElseThrow();
        assertThat(leaky.findElement(By.className("leak-suspects")).getText())
                .contains(LEAKING)
                .contains("120.0 MiB/h");
    }

    @Test
    @Order(10)
    void hostileFrameName_showsAsText() throws Exception {
        openGroup("");
        search("img src");
        assertThat(browser.findElement(By.id("search-info")).getText()).doesNotStartWith("0 frames");
        browser.findElement(By.id("tab-hotspots")).click();
        WebElement table = waitFor(By.id("hotspots"));
        wait(Duration.ofSeconds(10)).until(d -> table.getText().contains(HOSTILE));
        assertThat(browser.findElements(By.cssSelector("#main img")))
                .as("img elements injected")
                .isEmpty();
        screenshot("hostile");
    }

    @Test
    @Order(11)
    void flameGraph_100kNodes_drawsAndZooms_numbersWritten() throws Exception {
        openGroup("");
        @SuppressWarnings("unchecked")
        Map<String, Object> perf = (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeAsyncScript(Files.readString(Path.of("src/test/resources/web/flame-perf.js")));
        assertThat(((Number) perf.get("nodes")).longValue()).as("nodes drawn").isGreaterThanOrEqualTo(100_000);
        assertThat(((Number) perf.get("pixels")).longValue())
                .as("coloured pixels")
                .isGreaterThan(10_000);
        String numbers = "flame graph of " + perf.get("nodes") + " nodes in headless Chromium: set and drawn in "
                + perf.get("drawMs") + " ms; zoom redraws " + perf.get("zoomMs") + " ms; reset " + perf.get("resetMs")
                + " ms; search " + perf.get("searchMs") + " ms\n";
        System.out.print(numbers);
        Files.writeString(SCREENSHOTS.resolve("perf.txt"), numbers);
        screenshot("perf-100k");
    }

    @Test
    @Order(12)
    void groupPage_240FrameStacks_verdictInTheFirstScreenAndFlameGraphInOneScreen() throws Exception {
        openGroup(DEEP_GROUP, "");
        WebElement first = waitFor(By.cssSelector("#verdict-findings .verdict-finding"));
        wait(Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("verdict-anomalies")).getText().startsWith("No"));
        @SuppressWarnings("unchecked")
        Map<String, Number> layout = (Map<String, Number>) js("""
                const top = (e) => Math.round(e.getBoundingClientRect().top + window.scrollY);
                const box = document.getElementById('flame-box');
                return {window: window.innerHeight, finding: top(document.querySelector('#verdict-findings li')),
                        box: top(box), boxHeight: Math.round(box.getBoundingClientRect().height),
                        canvasHeight: Math.round(document.getElementById('flame').getBoundingClientRect().height),
                        tabs: top(document.getElementById('side')), page: document.documentElement.scrollHeight};""");
        String numbers = "240-frame group page in a 1400x1000 window (innerHeight " + layout.get("window")
                + " px): first finding at " + layout.get("finding") + " px, flame box at " + layout.get("box")
                + " px, " + layout.get("boxHeight") + " px high around a " + layout.get("canvasHeight")
                + " px canvas, tabs at " + layout.get("tabs") + " px, page " + layout.get("page") + " px\n";
        System.out.print(numbers);
        Files.writeString(SCREENSHOTS.resolve("layout.txt"), numbers);
        screenshot("deep-verdict");

        assertThat(layout.get("finding").intValue()).as("first finding's top").isLessThan(1_000);
        assertThat(layout.get("boxHeight").intValue())
                .as("flame graph box height")
                .isLessThanOrEqualTo(1_000);
        assertThat(layout.get("canvasHeight").intValue())
                .as("every level drawn inside the box")
                .isGreaterThanOrEqualTo((DEEP_FRAMES + 1) * 18);
        assertThat(layout.get("tabs").intValue())
                .as("tabs right below the flame graph box")
                .isLessThan(
                        layout.get("box").intValue() + layout.get("boxHeight").intValue() + 100);
        // 0.5 cores (the fixture's process CPU over its 60 s window) x 730 h x $0.05.
        assertThat(browser.findElement(By.id("verdict-cpu")).getText())
                .isEqualTo("0.50 cores of CPU used (process-cpu) = $18.25/month at $0.05/vCPU-hour");
        assertThat(first.getDomAttribute("data-rule")).isEqualTo("regex-compiled-per-call");
        // 30% of 0.5 cores x 730 h x $0.05 = $5.475, and the application frame that compiles the regex.
        assertThat(first.getText())
                .matches("save \\$5\\.4[78]/month Regular expression compiled on a hot path "
                        + "30\\.0% of samples · change com\\.example\\.deep\\.Branch[01]\\.level238"
                        + " · mostly in GET /search");

        first.click();
        String info = wait(Duration.ofSeconds(10)).until(d -> {
            String text = d.findElement(By.id("verdict-info")).getText();
            return text.contains("highlighted") ? text : null;
        });
        assertThat(info).matches(".*: 2 of 2 evidence stacks highlighted, 3.0 s = 42.9% of the flame graph");
        // Pattern.compile sits 240 rows down: the box scrolled to it, so the highlight is inside the visible part.
        assertThat(((Number) js("return document.getElementById('flame-box').scrollTop")).intValue())
                .as("flame box scrolled")
                .isGreaterThan(3_000);
        assertThat(visibleHighlightedPixels())
                .as("highlighted pixels in the box's visible part")
                .isGreaterThan(100);
        screenshot("deep-finding-highlight");
    }

    @Test
    @Order(13)
    void threadFilter_applicationThreadsByDefault_jvmThreadsOneClickAwayAndKeptInTheUrl() throws Exception {
        openGroup(DEEP_GROUP, "");
        assertThat(browser.findElements(By.cssSelector("#threads button")))
                .extracting(WebElement::getText)
                .containsExactly("application threads 70.0%", "JVM threads (JIT, GC, VM) 30.0%", "all threads 100.0%");
        assertThat(browser.findElement(By.id("threads-app")).getDomAttribute("class"))
                .isEqualTo("on");
        search("CompileBroker");
        assertThat(browser.findElement(By.id("search-info")).getText()).isEqualTo("0 frames, 0.000% of samples");

        browser.findElement(By.id("threads-jvm")).click();
        // 250 of the JVM threads' 300 samples are the JIT compiler's.
        assertThat(browser.findElement(By.id("search-info")).getText()).isEqualTo("2 frames, 83.3% of samples");
        assertThat(browser.getCurrentUrl()).contains("threads=jvm");
        screenshot("threads-jvm");
        browser.navigate().refresh();
        wait(Duration.ofSeconds(30))
                .until(d -> d.findElement(By.id("flame-status")).getText().contains("drawn"));
        assertThat(browser.findElement(By.id("flame")).getDomAttribute("data-threads"))
                .isEqualTo("jvm");
        assertThat(browser.findElement(By.id("threads-jvm")).getDomAttribute("class"))
                .isEqualTo("on");

        // The hotspots table is the collector's, over all threads, and says so.
        WebElement hotspots = waitFor(By.id("hotspots"));
        assertThat(browser.findElement(By.id("hotspots-scope")).getText()).contains("all threads");
        assertThat(hotspots.getText()).contains("Compile::Compile() 25.0% 25.0%");

        browser.findElement(By.id("threads-all")).click();
        search("CompileBroker");
        assertThat(browser.findElement(By.id("search-info")).getText()).isEqualTo("2 frames, 25.0% of samples");
    }

    @Test
    @Order(14)
    void flameOrientation_rootAtTheBottom_boxStartsScrolledDownToTheRoot() {
        openGroup(DEEP_GROUP, "?flame=1");
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) js("""
                const box = document.getElementById('flame-box');
                return {top: box.scrollTop, visible: box.clientHeight, all: box.scrollHeight};""");
        assertThat(box.get("all").intValue())
                .as("canvas taller than its box")
                .isGreaterThan(box.get("visible").intValue());
        assertThat(box.get("top").intValue() + box.get("visible").intValue())
                .as("scrolled to the bottom")
                .isGreaterThanOrEqualTo(box.get("all").intValue() - 1);
    }

    @Test
    @Order(15)
    void verdict_collectorBusyOnce_pageWaitsAsToldAndAsksAgain() {
        // What HeavyQueries answers when as many heavy queries run as it allows: 503 with Retry-After. The page's
        // first recommendations request gets it here; the verdict must still show.
        Map<String, Object> busy =
                browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.busyAnswers = 0;
                const collectorFetch = window.fetch;
                window.fetch = (url, init) => {
                  if (String(url).includes('/recommendations') && window.busyAnswers === 0) {
                    window.busyAnswers++;
                    return Promise.resolve(new Response('{"error":"4 recommendations requests are running"}',
                        {status: 503, headers: {'Retry-After': '1', 'Content-Type': 'application/json'}}));
                  }
                  return collectorFetch(url, init);
                };"""));
        try {
            openGroup(DEEP_GROUP, "");
            String verdict = wait(Duration.ofSeconds(20)).until(d -> {
                String text = d.findElement(By.id("verdict-cpu")).getText();
                return text.startsWith("CPU use: loading") ? null : text;
            });
            assertThat(verdict).startsWith("0.50 cores of CPU used");
            assertThat(((Number) js("return window.busyAnswers")).intValue())
                    .as("503 answers given")
                    .isEqualTo(1);
        } finally {
            browser.executeCdpCommand(
                    "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", busy.get("identifier")));
        }
    }

    @Test
    @Order(16)
    void endpointsPanel_labelledReports_costPerEndpointAndClickFiltersTheFlameGraph() throws Exception {
        openGroup(DEEP_GROUP, "");
        List<WebElement> rows = wait(Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#endpoints-table tr"));
            return found.isEmpty() ? null : found;
        });
        // 1,000 samples: 300 each for GET /report and GET /search, 100 for POST /orders, 300 (JIT, GC) without one;
        // 30% of 0.5 cores x 730 h x $0.05 = $5.475 a month.
        assertThat(rows.stream().map(WebElement::getText).toList())
                .satisfiesExactly(
                        r -> assertThat(r).matches("GET /report\\s+30\\.0%\\s+3\\.0 s\\s+\\$5\\.4[78]/month"),
                        r -> assertThat(r).matches("GET /search\\s+30\\.0%\\s+3\\.0 s\\s+\\$5\\.4[78]/month"),
                        r -> assertThat(r).matches("POST /orders\\s+10\\.0%\\s+1\\.0 s\\s+\\$1\\.8[23]/month"),
                        r -> assertThat(r).matches("no endpoint label\\s+30\\.0%\\s+3\\.0 s\\s+\\$5\\.4[78]/month"));
        assertThat(browser.findElement(By.cssSelector("#endpoints h2")).getText())
                .isEqualTo("CPU by endpoint");

        browser.findElement(By.linkText("GET /search")).click();
        wait(Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().contains("label=endpoint%3AGET+%2Fsearch")
                        && d.findElement(By.id("flame-status")).getText().contains("drawn"));
        wait(Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("#endpoints-table tr.on"))
                        .isEmpty());
        // Only the search branches remain: the two regex stacks, 3.0 s, all on application threads.
        assertThat(browser.findElement(By.id("flame-status")).getText()).contains("· 3.0 s ·");
        assertThat(browser.findElement(By.id("label-filter")).getText())
                .isEqualTo("filtered by endpoint = GET /search ✕ clear");
        assertThat(browser.findElement(By.cssSelector("#endpoints-table tr.on")).getText())
                .startsWith("GET /search");
        assertThat(browser.findElement(By.id("timeline-note")).getText())
                .isEqualTo("Bars: samples with this label. Lines: each instance's whole-process CPU (not filtered by"
                        + " label).");
        WebElement first = waitFor(By.cssSelector("#verdict-findings .verdict-finding"));
        // The filter line and the panel stay below the verdict: its findings are still in the first screen.
        assertThat(((Number) js("return Math.round(document.querySelector('#verdict-findings li')"
                                + ".getBoundingClientRect().top + window.scrollY)"))
                        .intValue())
                .as("first finding's top with the endpoint filter")
                .isLessThan(1_000);
        assertThat(first.getText()).contains("Regular expression compiled on a hot path");
        screenshot("endpoint-filter");

        browser.findElement(By.id("label-filter-clear")).click();
        wait(Duration.ofSeconds(30))
                .until(d -> !d.getCurrentUrl().contains("label=")
                        && d.findElement(By.id("flame-status")).getText().contains("drawn"));
        assertThat(browser.findElement(By.id("flame-status")).getText()).contains("· 7.0 s ·");
        assertThat(browser.findElements(By.id("label-filter"))).isEmpty();
        assertThat(browser.findElements(By.id("timeline-note"))).isEmpty();
    }

    @Test
    @Order(17)
    void endpointsPanel_groupWithoutLabels_saysSoInOneLine() {
        openGroup(ANOMALY_GROUP, "?from=-24h");
        WebElement none = waitFor(By.id("no-endpoints"));
        assertThat(none.getText()).startsWith("No endpoint labels in this range");
        assertThat(browser.findElements(By.cssSelector("#endpoints-table tr"))).isEmpty();
    }

    @Test
    @Order(20)
    void browserConsole_afterAllPages_hasNoErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    private void openGroup(String query) {
        openGroup(GROUP, query);
    }

    private void openGroup(String group, String query) {
        browser.get(collector.baseUrl() + "/#/groups/" + group + query);
        browser.navigate().refresh();
        wait(Duration.ofSeconds(30)).until(d -> {
            String status = d.findElement(By.id("flame-status")).getText();
            return status.contains("drawn") || status.startsWith("compare:");
        });
    }

    private void scrollTo(By by) {
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(by));
    }

    private long zoom() {
        String zoom = browser.findElement(By.id("flame")).getDomAttribute("data-zoom");
        return zoom == null ? 0 : Long.parseLong(zoom);
    }

    private void search(String text) {
        WebElement input = browser.findElement(By.id("search"));
        input.clear();
        input.sendKeys(text);
    }

    private long nonBlankPixels() {
        return ((Number) js("""
                const c = document.getElementById('flame');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) n++;
                return n;""")).longValue();
    }

    private long highlightedPixels() {
        return ((Number) js("""
                const c = document.getElementById('flame');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] === 0xe0 && d[i + 1] === 0x40 && d[i + 2] === 0xfb) n++;
                return n;""")).longValue();
    }

    private long visibleHighlightedPixels() {
        return ((Number) js("""
                const c = document.getElementById('flame');
                const box = document.getElementById('flame-box');
                const ratio = c.height / c.getBoundingClientRect().height;
                const y = Math.floor(box.scrollTop * ratio);
                const d = c.getContext('2d').getImageData(0, y, c.width, Math.floor(box.clientHeight * ratio)).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] === 0xe0 && d[i + 1] === 0x40 && d[i + 2] === 0xfb) n++;
                return n;""")).longValue();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private WebElement waitFor(By by) {
        return wait(Duration.ofSeconds(20)).until(d -> d.findElement(by));
    }

    private WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String createGroup(String name) {
        return admin().contentType("application/json")
                .body(Map.of("name", name))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
    }

    private Process startWorkload(Path agentJar, String token, String extraArgs, Class<?> main, String name)
            throws Exception {
        String agentArgs = "collector=localhost:" + collector.port() + ",group=" + GROUP
                + ",minimumTimeForReportingInMilliseconds=1000," + extraArgs;
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar.toAbsolutePath() + "=" + agentArgs,
                "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(),
                main.getName(),
                String.valueOf(WORKLOAD_LIMIT.toMillis()));
        // The token in the environment, as users are told to pass it: never on the -javaagent line.
        builder.environment().put("HOTPATH_TOKEN", token);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".log").toFile())
                .start();
        Path log = workDir.resolve(name + ".log");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.readString(log).contains("hotpath: agent") && process.isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                fail(name + " workload's agent did not start in 60 s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return process;
    }

    /** Waits until {@code ready} holds, then stops the workloads; fails with their output when it never does. */
    private void awaitData(Map<Process, String> workloads, java.util.function.BooleanSupplier ready) throws Exception {
        Instant deadline = Instant.now().plus(WORKLOAD_LIMIT);
        boolean done = false;
        while (!done
                && Instant.now().isBefore(deadline)
                && workloads.keySet().stream().allMatch(Process::isAlive)) {
            Thread.sleep(1_000);
            done = ready.getAsBoolean();
        }
        StringBuilder output = new StringBuilder();
        for (Map.Entry<Process, String> workload : workloads.entrySet()) {
            workload.getKey().destroy();
            workload.getKey().waitFor(30, TimeUnit.SECONDS);
            output.append(workload.getValue())
                    .append(" workload output:\n")
                    .append(Files.readString(workDir.resolve(workload.getValue() + ".log")));
        }
        System.out.print(output);
        assertThat(done)
                .as("the collector got the workloads' data in time\n%s", output)
                .isTrue();
        assertThat(output.toString()).as("sampling engines").doesNotContain("cannot start the sampling engine");
    }

    private String collapsed(String version) {
        return admin().queryParam("version", version)
                .get("/api/v1/groups/" + GROUP + "/collapsed")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private int mostHeapSnapshots() {
        List<Integer> snapshots = admin().get("/api/v1/groups/" + GROUP + "/heap")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("instances.snapshots", Integer.class);
        return snapshots.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private io.restassured.specification.RequestSpecification admin() {
        return given().baseUri(collector.baseUrl()).header("Authorization", "Bearer " + adminToken);
    }

    /** Six heap summaries from one more instance in which one type grows by 10 MiB every five minutes. */
    private static void submitLeak(dev.hotpath.proto.v1.AgentServiceGrpc.AgentServiceBlockingStub agent) {
        Instant start = Instant.now().minus(40, ChronoUnit.MINUTES);
        for (int i = 0; i < 6; i++) {
            Instant at = start.plus(5L * i, ChronoUnit.MINUTES);
            HeapSummary heap = HeapSummary.newBuilder()
                    .setTakenAtEpochMillis(at.plusSeconds(60).toEpochMilli())
                    .setTotalBytes((30 + 10L * i) << 20)
                    .addTypes(HeapTypeEntry.newBuilder()
                            .setTypeName(LEAKING)
                            .setBytes((10 + 10L * i) << 20)
                            .setInstances(1000L * (i + 1)))
                    .addTypes(HeapTypeEntry.newBuilder()
                            .setTypeName("byte[]")
                            .setBytes(20L << 20)
                            .setInstances(500))
                    .build();
            agent.submitReport(ReportFixture.report()
                    .group(GROUP)
                    .host(LEAKY_HOST)
                    .windowStart(at)
                    .stack("java.lang.Thread.run;com.example.Cache.put", 1)
                    .build()
                    .toBuilder()
                    .setHeapSummary(heap)
                    .build());
        }
    }

    /**
     * A service with 240-frame stacks: six branches below a common trunk, two compiling a regex (the finding the
     * verdict lists first), one formatting strings; beside them the JIT compiler's and a GC worker's stacks.
     */
    private static dev.hotpath.proto.v1.Report deepReport() {
        ReportFixture report = ReportFixture.report().group(DEEP_GROUP);
        long[] samples = {150, 150, 100, 100, 100, 100};
        for (int branch = 0; branch < samples.length; branch++) {
            StringBuilder stack = new StringBuilder("java.lang.Thread.run;com.example.deep.Server.serve");
            for (int level = 2; level < DEEP_FRAMES - 1; level++) {
                stack.append(
                        level < 120
                                ? ";com.example.deep.Trunk.level" + level
                                : ";com.example.deep.Branch" + branch + ".level" + level);
            }
            String leaf = branch < 2
                    ? "java.util.regex.Pattern.compile"
                    : branch == 2 ? "java.lang.String.format" : "com.example.deep.Work.compute";
            report.stack(
                    stack.append(';').append(leaf).toString(),
                    samples[branch] * SAMPLE,
                    "RUNNABLE",
                    Map.of("endpoint", DEEP_ENDPOINTS[branch]));
        }
        return report.stack(JIT_THREAD, 250 * SAMPLE)
                .stack(GC_THREAD, 50 * SAMPLE)
                .build();
    }

    /**
     * As AnomaliesIT: Orders.parse goes from 10-11% to 40% of the application threads' samples at the twelfth
     * five-minute window; the JIT compiler's thread, a JVM thread, goes from 10-11 to 60 samples at the same window,
     * so every frame of its stack is an anomaly too.
     */
    private static void submitAnomalyStep(dev.hotpath.proto.v1.AgentServiceGrpc.AgentServiceBlockingStub agent) {
        for (int i = 0; i < 18; i++) {
            long parse = i < 12 ? 10 + i % 2 : 40;
            long compiler = i < 12 ? 10 + i % 2 : 60;
            agent.submitReport(ReportFixture.report()
                    .group(ANOMALY_GROUP)
                    .windowStart(ANOMALY_HOUR.plus(5L * i, ChronoUnit.MINUTES))
                    .stack("main;com.example.Orders.parse", parse)
                    .stack("main;com.example.Orders.handle", 100 - parse)
                    .stack(JIT_THREAD, compiler)
                    .build());
        }
    }

    private static ChromeDriver startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
