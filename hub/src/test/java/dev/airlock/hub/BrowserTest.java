package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.messaging.Topology;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The UI in Debian's headless Chromium: sign in through Keycloak's form, create a project, start a run, and watch the
 * runs table follow the zone's status events live (server-sent events, the hub's own script under its CSP).
 * Screenshots go to {@code target/screenshots}.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
@QuarkusTestResource(StoreTestResource.class)
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Topology TOPOLOGY = new Topology(HubTestResource.PREFIX, "default", 5);

    @TestHTTPResource("/")
    URL hub;

    private WebDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: run "
                    + "bin/setup-machine");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signInCreateAProjectStartARunAndWatchItLive() throws Exception {
        // Given
        String project = "web-" + UUID.randomUUID().toString().substring(0, 8);
        browser.get(hub + "ui/projects");
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("kc-form-login")).isEmpty());
        screenshot("01-keycloak-login");
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Projects"));
        screenshot("02-projects");
        browser.findElement(By.name("name")).sendKeys(project);
        browser.findElement(By.name("description")).sendKeys("<script>alert('x')</script> stays text");
        browser.findElement(By.cssSelector("form.stacked button")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith(project));
        TestZone.announce();
        browser.navigate().refresh();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("source-kind")))
                .selectByValue("postgresql");
        WebElement form = browser.findElement(By.id("new-source"));
        form.findElement(By.name("name")).sendKeys("penguins-db");
        form.findElement(By.name("host")).sendKeys("warehouse.zone.local");
        form.findElement(By.name("database")).sendKeys("research");
        form.findElement(By.name("table")).sendKeys("public.penguins");
        form.findElement(By.name("username")).sendKeys("reader");
        form.findElement(By.name("password")).sendKeys("browser-canary-password");
        assertThat(form.findElement(By.name("bucket")).isDisplayed()).isFalse();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(
                By.cssSelector("#sources tr[data-name='penguins-db']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#sources tr[data-name='penguins-db'] [data-field=credentials]"))
                .getText()).isEqualTo("sealed to zone key " + TestZone.KEYS.keyId());
        assertThat(browser.getPageSource()).doesNotContain("browser-canary-password");
        screenshot("02a-data-source-sealed");
        browser.findElement(By.name("dataSource")).sendKeys("penguins-db");
        browser.findElement(By.cssSelector("#submit-run button")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("#runs tbody tr"))
                .isEmpty());
        screenshot("03-run-submitted");
        String taskId = row().getAttribute("data-id");

        // When
        BrokerTestSupport.publish(TOPOLOGY,
                event(taskId, TaskState.PENDING, null, null),
                event(taskId, TaskState.ACTIVE, new Progress("train", 0.4), null));

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(field("state").getText()).isEqualTo("active");
            assertThat(field("progress").getAttribute("value")).isEqualTo("40");
            assertThat(field("phase").getText()).isEqualTo("train");
        });
        screenshot("04-run-active-live");
        BrokerTestSupport.publish(TOPOLOGY, event(taskId, TaskState.ERROR, null,
                new TaskError(ErrorCode.WORKER_FAILED, "the worker stopped with exit code 1")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(field("state").getText()).isEqualTo("error");
            assertThat(field("errorCode").getText()).isEqualTo("worker_failed");
            assertThat(field("errorMessage").getText()).isEqualTo("the worker stopped with exit code 1");
        });
        assertThat(browser.findElement(By.cssSelector("p.description")).getText())
                .isEqualTo("<script>alert('x')</script> stays text");
        screenshot("05-run-error-live");
        row().findElement(By.cssSelector("a")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Run "));
        List<String> timeline = browser.findElements(By.cssSelector("#timeline li")).stream()
                .map(WebElement::getText).toList();
        assertThat(String.join("\n", timeline)).contains("created", "pending", "active", "error");
        screenshot("06-run-timeline");
        browser.findElement(By.id("logout")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Signed out"));
        screenshot("07-signed-out");
    }

    @Test
    void aRunStartedInTheBrowserCompletesLiveAndShowsItsReportWithHistograms() throws Exception {
        // Given
        String project = "report-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of());
        browser.get(hub + "ui/projects/" + project);
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("kc-form-login")).isEmpty());
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith(project));
        browser.findElement(By.name("dataSource")).sendKeys("penguins");
        browser.findElement(By.cssSelector("#submit-run button")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("#runs tbody tr"))
                .isEmpty());
        String taskId = row().getAttribute("data-id");
        BrokerTestSupport.publish(TOPOLOGY, event(taskId, TaskState.PENDING, null, null),
                event(taskId, TaskState.ACTIVE, new Progress("fit", 0.5), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(field("state").getText()).isEqualTo("active"));

        // When: the zone finishes the run (the real engine trains on the sample; its report goes to the store)
        ReportFixture.complete(project, taskId);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(field("state").getText()).isEqualTo("completed");
            assertThat(field("progress").getAttribute("value")).isEqualTo("100");
        });
        row().findElement(By.cssSelector("a")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Run "));
        WebElement report = browser.findElement(By.id("report"));
        assertThat(report.findElements(By.cssSelector(".card"))).hasSizeGreaterThanOrEqualTo(6);
        WebElement species = browser.findElement(By.cssSelector("svg[aria-label='histogram of Species']"));
        assertThat(species.isDisplayed()).isTrue();
        assertThat(species.findElements(By.cssSelector("rect.bar-real"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector(".heatmap svg"))).hasSize(2);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", report);
        screenshot("08-run-report");
    }

    @Test
    void aModelConfigurationIsCheckedSavedAndChosenForARun() throws Exception {
        // Given
        String project = "config-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of());
        browser.get(hub + "ui/projects/" + project + "/model-configs/new");
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("kc-form-login")).isEmpty());
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("New model configuration"));
        WebElement source = browser.findElement(By.name("source"));
        assertThat(source.getAttribute("value")).contains("synthesizer: default");
        browser.findElement(By.name("name")).sendKeys("strict");
        source.clear();
        source.sendKeys("synthesizer: default\nprivacy:\n  kk: 25\n");
        browser.findElement(By.cssSelector("button[value=check]")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("config-problem")).isEmpty());
        assertThat(browser.findElement(By.id("config-problem")).getText())
                .isEqualTo("model configuration setting privacy.kk is unknown");
        screenshot("09-model-config-problem");
        source = browser.findElement(By.name("source"));
        source.clear();
        source.sendKeys("synthesizer: default\nprivacy:\n  k: 25\n");

        // When
        browser.findElement(By.cssSelector("button[value=save]")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith(project));
        browser.findElement(By.name("dataSource")).sendKeys("penguins");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("template")))
                .selectByValue("saved:strict");
        browser.findElement(By.cssSelector("#submit-run button")).click();

        // Then
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("#runs tbody tr"))
                .isEmpty());
        assertThat(browser.findElements(By.cssSelector("#configs tr[data-name='strict']"))).hasSize(1);
        String taskId = row().getAttribute("data-id");
        Api.as("alice").when().get("/api/tasks/{id}", taskId).then().statusCode(200)
                .body("modelConfig.privacy.k", org.hamcrest.Matchers.equalTo(25));
        screenshot("10-model-config-saved-and-used");
    }

    private WebElement row() {
        return browser.findElement(By.cssSelector("#runs tbody tr"));
    }

    private WebElement field(String name) {
        return row().findElement(By.cssSelector("[data-field='" + name + "']"));
    }

    private void screenshot(String name) throws Exception {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static TaskEvent event(String taskId, TaskState state, Progress progress, TaskError error) {
        return new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(), taskId, "default", state,
                Instant.now(), progress, Map.of(), null, error);
    }
}
