package dev.hotpath.analyzer.io;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.rules.FrameClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The analyzer's --html page in real headless Chromium: drawn by the shared flame.js, coloured by the analyzer's
 * FrameClassifier, with the thread filter hiding the JIT compiler's stacks by default. Screenshot in
 * target/flame-html.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlameGraphHtmlIT {
    private static final String JIT = "start_thread;thread_native_entry(Thread*);Thread::call_run();"
            + "JavaThread::thread_main_inner();CompileBroker::compiler_thread_loop();"
            + "CompileBroker::invoke_compiler_on_method(CompileTask*);C2Compiler::compile_method()";
    private static final String APP = "java.lang.Thread.run;com.example.shop.Server.serve;";

    @TempDir
    Path dir;

    private ChromeDriver browser;

    @BeforeAll
    void startChromium() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"))
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,1000",
                        "--allow-file-access-from-files");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"))
                                .toFile())
                        .build(),
                options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void page_appAndJitThreads_drawsApplicationThreadsFirstAndJitOneClickAway() throws Exception {
        Path page = dir.resolve("flame.html");
        Files.writeString(
                page,
                FlameGraphHtml.render(
                        tree(
                                APP + "com.example.shop.Orders.list;java.util.regex.Pattern.compile 60",
                                APP
                                        + "com.example.shop.Orders.total;com.fasterxml.jackson.databind.ObjectMapper.<init> 15",
                                JIT + " 25"),
                        FrameClassifier.byLibraryList(),
                        "cpu flame graph",
                        "samples"));
        browser.get(page.toUri().toString());

        assertThat(browser.findElements(By.cssSelector("#threads button")))
                .extracting(b -> b.getText())
                .containsExactly("application threads 75.0%", "JVM threads (JIT, GC, VM) 25.0%", "all threads 100.0%");
        assertThat(browser.findElement(By.id("threads-app")).getDomAttribute("class"))
                .as("default filter")
                .isEqualTo("on");
        long appPixels = colouredPixels();
        assertThat(appPixels).as("coloured pixels").isGreaterThan(2_000);
        assertThat(search("CompileBroker")).isEqualTo("0 frames, 0.00% of samples");
        assertThat(search("Pattern")).isEqualTo("1 frames, 80.00% of samples");
        assertThat(hoverRow(1))
                .as("second row of the icicle")
                .startsWith("java.lang.Thread.run (jdk): total 75 samples");

        browser.findElement(By.id("threads-jvm")).click();
        assertThat(browser.findElement(By.id("matched")).getText())
                .as("search run again on the JVM threads' tree")
                .isEqualTo("0 frames, 0.00% of samples");
        assertThat(search("CompileBroker")).isEqualTo("2 frames, 100.00% of samples");
        assertThat(hoverRow(1)).startsWith("start_thread (native): total 25 samples");
        browser.findElement(By.id("threads-all")).click();
        assertThat(search("Pattern")).isEqualTo("1 frames, 60.00% of samples");
        Files.write(Path.of("target/flame-html.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("console")
                .isEmpty();
    }

    private String search(String text) {
        var input = browser.findElement(By.id("search"));
        input.clear();
        input.sendKeys(text);
        return browser.findElement(By.id("matched")).getText();
    }

    /** Hovers the middle of an icicle row (0 = root) and returns the status line. */
    private String hoverRow(int row) {
        @SuppressWarnings("unchecked")
        Map<String, Number> at = (Map<String, Number>) ((JavascriptExecutor) browser)
                .executeScript(
                        "const r = document.getElementById('flame').getBoundingClientRect();"
                                + " return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + 18 * arguments[0] + 9)};",
                        row);
        new Actions(browser)
                .moveToLocation(at.get("x").intValue(), at.get("y").intValue())
                .perform();
        return browser.findElement(By.id("status")).getText();
    }

    private long colouredPixels() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("""
        const c = document.getElementById('flame');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) n++;
        return n;""")).longValue();
    }
}
