package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, against the test stack's console: the browser the console's page objects drive.
 * Each page visited is saved as a screenshot under target/console-screenshots/CLASS/ (the test class that opened
 * the browser: a full run keeps every class's pages) and checked with axe-core.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("lifeboat.console.screenshots"));
    private static final Path AXE = Path.of(System.getProperty("lifeboat.axe.script"));

    final WebDriver driver;
    /** This class's folder under {@link #SCREENSHOTS}. */
    private final Path screenshots;
    private int shots;

    ConsoleBrowser(Path profile) {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "the console tests need Debian's chromium and chromium-driver (./lifeboat test installs them)");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                // without the background-networking flags Chromium keeps calling out of this closed network
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1440,900",
                        // trust exactly the Lifeboat server's key, nothing else self-signed
                        "--ignore-certificate-errors-spki-list=" + serverKeyPin());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        screenshots = SCREENSHOTS.resolve(openingTestClass());
        clearScreenshots(screenshots);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    void open(String page) {
        driver.get(LifeboatStack.console().resolve(page).toString());
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** The page's HTML as the browser holds it now (what a secret must never be in). */
    String pageSource() {
        return driver.getPageSource();
    }

    WebElement waitFor(By locator) {
        return waitUntil(Duration.ofSeconds(30), ExpectedConditions.visibilityOfElementLocated(locator));
    }

    <T> T waitUntil(Duration limit, Function<WebDriver, T> condition) {
        // the pages poll: an element read a moment ago may have been rendered again since
        return new WebDriverWait(driver, limit, Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /**
     * Clicks what the locator finds once it is visible. The pages poll every 5 s and render their parts again,
     * so a click that meets the element of the moment before (stale) is tried again on the new one.
     */
    void click(By locator) {
        waitUntil(Duration.ofSeconds(30), d -> {
            WebElement element = d.findElement(locator);
            if (!element.isDisplayed()) {
                return null;
            }
            element.click();
            return true;
        });
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Clicks a button that posts by ajax, and waits until PrimeFaces has applied the answer to the page: the answer
     * to this button's request, not to another one completing meanwhile (a page's poll, which PrimeFaces queues
     * the click behind; seen in a full run: the test read the page while the click's request still waited).
     */
    void ajaxClick(By button) {
        WebElement element = find(button);
        script("var source = arguments[0]; window.lifeboatAjaxDone = false;"
                + "$(document).off('pfAjaxComplete.lifeboat').on('pfAjaxComplete.lifeboat', function (e, xhr, settings) {"
                + "  if (!source || String(settings && settings.data).indexOf(encodeURIComponent(source)) >= 0) {"
                + "    window.lifeboatAjaxDone = true; $(document).off('pfAjaxComplete.lifeboat'); } });",
                element.getAttribute("id"));
        element.click();
        waitUntil(Duration.ofSeconds(30), d -> Boolean.TRUE.equals(script("return window.lifeboatAjaxDone;")));
    }

    /** Marks the loaded document: {@link #sameDocument()} is then false after any reload or navigation. */
    void markDocument() {
        script("window.lifeboatMarker = 'unchanged';");
    }

    boolean sameDocument() {
        return "unchanged".equals(script("return window.lifeboatMarker;"));
    }

    /** The simple name of the test class (…IT) whose code opens this browser: its screenshots' folder. */
    private static String openingTestClass() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass).map(Class::getSimpleName)
                .filter(name -> name.endsWith("IT")).findFirst().orElse("other"));
    }

    /**
     * This class's run's screenshots only: its earlier run's would pass for pages this one visited. Other classes'
     * folders are kept, so a full run leaves every class's pages for review.
     */
    private static void clearScreenshots(Path folder) {
        if (Files.isDirectory(folder)) {
            try (var old = Files.list(folder)) {
                for (Path file : old.filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".html"))
                        .toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Where the screenshots go: files a person reviews after the run. */
    Path screenshots() throws IOException {
        return Files.createDirectories(screenshots);
    }

    /** Saves the page as target/console-screenshots/CLASS/NN-name.png, for a person to review. */
    Path screenshot(String name) {
        try {
            Path file = screenshots().resolve(String.format("%02d-%s.png", ++shots, name));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves the page as it stands, screenshot and HTML, under target/console-screenshots/CLASS/ (a failed step's page). */
    void keepPage(String name) {
        try {
            Path shot = screenshot(name);
            Files.writeString(shot.resolveSibling(shot.getFileName().toString().replace(".png", ".html")),
                    driver.getPageSource());
        } catch (RuntimeException | IOException e) {
            // the browser is gone: the failure itself is what matters
        }
    }

    /**
     * For a test class's {@code @RegisterExtension}: a failed step leaves the page it was on, screenshot and HTML,
     * for the person reading the report (the browser, when the class has opened one).
     */
    static TestWatcher keepingFailedPages(Supplier<ConsoleBrowser> browser) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                ConsoleBrowser open = browser.get();
                if (open != null) {
                    open.keepPage("failed-" + context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    /** axe-core's critical violations on the page as it stands, one line each (rule, help, elements). */
    @SuppressWarnings("unchecked")
    List<String> criticalAccessibilityViolations() {
        try {
            script(Files.readString(AXE));
        } catch (IOException e) {
            throw new IllegalStateException("axe-core is installed by the build (npm ci in ear/src/test/axe)", e);
        }
        Object found = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document).then(r => done(r.violations.filter(v => v.impact === 'critical')
                        .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));
                """);
        return (List<String>) found;
    }

    /** Screenshot and axe check of the page a test reached: what every visited page gets. */
    void visited(String name) {
        screenshot(name);
        List<String> critical = criticalAccessibilityViolations();
        assertTrue(critical.isEmpty(), name + ": critical accessibility violations: " + critical);
    }

    private static String serverKeyPin() {
        try (var in = Files.newInputStream(LifeboatStack.serverCertificate())) {
            var certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = certificate.getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
