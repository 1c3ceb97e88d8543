package dev.hotpath.collector.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.collector.e2e.SplitWorkload;
import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.collector.ingest.ReportFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * (plus one report with a hostile frame name sent over gRPC). Screenshots go to target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {

    private static final String GROUP = "webui";
    private static final String HEAVY = SplitWorkload.class.getName() + ".heavy";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final Path SCREENSHOTS = Path.of("target/ui-screenshots");

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
        adminToken = Files.readString(workDir.resolve("hotpath-data/admin-token")).trim();
        String token = given().baseUri(collector.baseUrl()).header("Authorization", "Bearer " + adminToken)
                .contentType("application/json").body(Map.of("name", GROUP))
                .post("/api/v1/groups").then().statusCode(201).extract().path("agentToken");
        runWorkload(agentJar, token);
        try (AgentClient client = new AgentClient(collector.port())) {
            client.as(token).submitReport(ReportFixture.report().group(GROUP).host("hostile-host")
                    .windowStart(Instant.now().minusSeconds(120))
                    .stack("java.lang.Thread.run;" + HOSTILE, 5_000_000_000L).build());
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
        wait(Duration.ofSeconds(20)).until(d -> !row.findElements(By.tagName("td")).get(1).getText().equals("…"));
        assertThat(row.getText()).contains(GROUP);
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).as("instances").isNotEqualTo("0");
        screenshot("groups");
    }

    @Test
    @Order(2)
    void flameGraph_workloadData_drawsAndFindsTheWorkloadFrames() throws Exception {
        openGroup("");
        assertThat(nonBlankPixels()).as("coloured pixels on the flame canvas").isGreaterThan(2_000);
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
        Map<String, Number> rect = (Map<String, Number>) js(
                "const r = document.getElementById('flame').getBoundingClientRect();"
                        + " return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + 27)};");
        new Actions(browser).moveToLocation(rect.get("x").intValue(), rect.get("y").intValue()).click().perform();
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
        openGroup("?mode=compare&from=" + now.minusSeconds(600) + "&to=" + now.plusSeconds(60)
                + "&baseFrom=" + now.minusSeconds(3600) + "&baseTo=" + now.minusSeconds(600));
        assertThat(browser.findElement(By.id("flame-status")).getText()).startsWith("compare:");
        assertThat(nonBlankPixels()).isGreaterThan(2_000);
        screenshot("compare");
    }

    @Test
    @Order(5)
    void hostileFrameName_showsAsText() throws Exception {
        openGroup("");
        search("img src");
        assertThat(browser.findElement(By.id("search-info")).getText()).doesNotStartWith("0 frames");
        browser.findElement(By.id("tab-hotspots")).click();
        WebElement table = waitFor(By.id("hotspots"));
        wait(Duration.ofSeconds(10)).until(d -> table.getText().contains(HOSTILE));
        assertThat(browser.findElements(By.cssSelector("#main img"))).as("img elements injected").isEmpty();
        screenshot("hostile");
    }

    @Test
    @Order(6)
    void browserConsole_afterAllPages_hasNoErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    private void openGroup(String query) {
        browser.get(collector.baseUrl() + "/#/groups/" + GROUP + query);
        browser.navigate().refresh();
        wait(Duration.ofSeconds(30)).until(d -> {
            String status = d.findElement(By.id("flame-status")).getText();
            return status.contains("drawn") || status.startsWith("compare:");
        });
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

    private void runWorkload(Path agentJar, String token) throws Exception {
        String agentArgs = "collector=localhost:" + collector.port() + ",group=" + GROUP + ",token=" + token
                + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000";
        Path log = workDir.resolve("workload.log");
        Process workload = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar.toAbsolutePath() + "=" + agentArgs,
                "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                SplitWorkload.class.getName(), "5000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!workload.waitFor(60, TimeUnit.SECONDS)) {
            workload.destroyForcibly();
            fail("workload did not finish in 60 s:\n" + Files.readString(log));
        }
        assertThat(workload.exitValue()).as("workload output:\n%s", Files.readString(log)).isZero();
    }

    private static ChromeDriver startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
