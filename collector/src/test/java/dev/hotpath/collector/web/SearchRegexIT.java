package dev.hotpath.collector.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.collector.ingest.ReportFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The flame graph's search box in real headless Chromium against a link carrying a catastrophic regex, on a profile
 * whose frame names hold long runs of one letter: the tab must keep answering scripts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchRegexIT {

    private static final String GROUP = "search";
    // (a+)+$ tries every split of a run of a's before failing at the next character: 2^60 ways here.
    private static final String LONG_RUN = "a".repeat(60);
    // '+' is a space in a query string: the link must carry it as %2B.
    private static final String CATASTROPHIC = "(a%2B)%2B%24";
    private static final Duration RESPONSIVE = Duration.ofSeconds(5);

    @TempDir
    static Path workDir;

    private CollectorProcess collector;
    private ChromeDriver browser;

    @BeforeAll
    void startCollectorAndBrowser() throws Exception {
        collector = CollectorProcess.start(workDir, Map.of());
        String adminToken =
                Files.readString(workDir.resolve("hotpath-data/admin-token")).trim();
        String token = given().baseUri(collector.baseUrl())
                .header("Authorization", "Bearer " + adminToken)
                .contentType("application/json")
                .body(Map.of("name", GROUP))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
        ReportFixture report = ReportFixture.report().group(GROUP);
        for (int i = 0; i < 200; i++) {
            report.stack(
                    "java.lang.Thread.run;com.example.Service.handle;com.example.Gen" + i + "$" + LONG_RUN + ".apply",
                    10 + i);
        }
        try (AgentClient client = new AgentClient(collector.port())) {
            client.as(token).submitReport(report.build());
        }
        browser = startChromium();
        browser.get(collector.baseUrl() + "/");
        browser.findElement(By.id("token")).sendKeys(adminToken);
        browser.findElement(By.id("signin")).click();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void link_catastrophicRegex_pageStaysResponsiveAndSaysTheRegexWasStopped() {
        openGroup("?search=/" + CATASTROPHIC + "/");

        long started = System.nanoTime();
        String state = new WebDriverWait(browser, RESPONSIVE).until(d -> {
            String s = d.findElement(By.id("search-info")).getDomAttribute("data-state");
            return s != null && !s.equals("running") ? s : null;
        });
        Object answer =
                ((JavascriptExecutor) browser).executeScript("return document.getElementById('flame').dataset.nodes");
        long ms = (System.nanoTime() - started) / 1_000_000;

        System.out.println("catastrophic /regex/ from a link: stopped, page answered a script after " + ms + " ms");
        assertThat(state).isEqualTo("timeout");
        assertThat(Long.parseLong(String.valueOf(answer))).as("flame nodes").isGreaterThan(200);
        assertThat(ms).isLessThan(RESPONSIVE.toMillis());
        assertThat(browser.findElement(By.id("search-info")).getText()).startsWith("regex stopped after 1 s");
    }

    @Test
    void link_catastrophicPatternWithoutSlashes_plainSubstringAtOnce() {
        openGroup("?search=" + CATASTROPHIC);

        assertThat(browser.findElement(By.id("search-info")).getText()).startsWith("0 frames, ");
        assertThat(browser.findElement(By.id("search-info")).getDomAttribute("data-state"))
                .isEqualTo("done");
    }

    @Test
    void link_safeRegex_matchesInTheWorker() {
        openGroup("?search=/gen1%5Cd%5C%24/");

        String info = new WebDriverWait(browser, RESPONSIVE).until(d -> {
            String s = d.findElement(By.id("search-info")).getDomAttribute("data-state");
            return "done".equals(s) ? d.findElement(By.id("search-info")).getText() : null;
        });
        assertThat(info).as("Gen10$ .. Gen19$").startsWith("10 frames, ");
    }

    @Test
    void browserConsole_afterTheSearches_hasNoErrors() {
        assertThat(browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                        .toList())
                .isEmpty();
    }

    private void openGroup(String query) {
        browser.get(collector.baseUrl() + "/#/groups/" + GROUP + query);
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.id("flame-status")).getText().contains("drawn"));
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
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
