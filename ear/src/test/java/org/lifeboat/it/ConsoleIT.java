package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web console in headless Chromium, signing in with the password the launcher generated. */
class ConsoleIT {

    private WebDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "the console tests need Debian's chromium and chromium-driver (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic", "--no-first-run", "--user-data-dir=" + profile,
                        // trust exactly the Lifeboat server's key, nothing else self-signed
                        "--ignore-certificate-errors-spki-list=" + serverKeyPin());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theConsoleSendsAStrangerToTheLoginPage() {
        browser.get(LifeboatStack.console().toString());

        waitFor(By.id("login:signIn"));
        assertTrue(browser.getCurrentUrl().endsWith("/login.xhtml"), browser.getCurrentUrl());
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage() {
        signIn("admin", "not-the-password");

        WebElement messages = waitFor(By.id("login:messages"));
        assertTrue(messages.getText().contains("Wrong user name or password"), messages.getText());
        assertTrue(browser.findElements(By.id("overall")).isEmpty());
    }

    @Test
    void theAdministratorSeesTheServerHealthAndCanSignOut() {
        signIn("admin", LifeboatStack.adminPassword());

        WebElement overall = waitFor(By.id("overall"));
        assertEquals("UP", overall.getText());
        assertEquals("admin", browser.findElement(By.id("administrator")).getText());
        List<String> parts = browser.findElements(By.cssSelector("#parts tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("database", "storage", "replicationListener", "timers"), parts);

        browser.findElement(By.id("account:signOut")).click();
        waitFor(By.id("login:signIn"));
        browser.get(LifeboatStack.console().toString());
        waitFor(By.id("login:signIn"));
    }

    private static String serverKeyPin() {
        try (var in = Files.newInputStream(LifeboatStack.serverCertificate())) {
            var certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = certificate.getPublicKey().getEncoded();
            return java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void signIn(String user, String password) {
        browser.get(LifeboatStack.console().toString());
        waitFor(By.id("login:username")).sendKeys(user);
        browser.findElement(By.id("login:password")).sendKeys(password);
        browser.findElement(By.id("login:signIn")).click();
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }
}
