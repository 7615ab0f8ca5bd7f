package dev.sluice.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a test class (Debian's {@code chromium} and {@code chromium-driver},
 * driven with Selenium), with a fresh profile; where they are not installed each test is skipped
 * with a message saying what to install. A JUnit extension for a static field: it starts before
 * the class and quits after it. Shared with other modules' tests in proxy-web's test jar.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Browser browser = Browser.perClass();
 *
 * @Test void showsTheFlows() { browser.open(view.uri()); assertThat(browser.rows()).hasSize(3); }
 * }</pre>
 */
public final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Where the screenshots for the README go; copy them to docs/ by hand. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private ChromeDriver driver;
  private Path profile;

  private Browser() {}

  /** A browser for the test class whose static field holds it. */
  public static Browser perClass() {
    return new Browser();
  }

  /** Starts Chromium, when it is installed. */
  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Optional<String> chromium = firstExecutable(CHROMIUM);
    Optional<String> driverBinary = firstExecutable(DRIVER);
    if (chromium.isEmpty() || driverBinary.isEmpty()) {
      return;
    }
    profile = Files.createTempDirectory("sluice-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(chromium.get()).addArguments("--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1400,860", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(driverBinary.get()).toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  /** Skips each test, saying why, when Chromium is not installed (a skipped class would go unreported). */
  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(driver != null, "no Chromium here: apt-get install chromium chromium-driver to run the browser tests");
  }

  private static Optional<String> firstExecutable(List<String> candidates) {
    return candidates.stream().filter(candidate -> Files.isExecutable(Path.of(candidate))).findFirst();
  }

  /** Opens {@code uri}. */
  public void open(URI uri) {
    driver.get(uri.toString());
  }

  /** Cuts the browser off the network: nothing a page asks for can load. */
  public void offline() {
    ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
    conditions.setOffline(true);
    driver.setNetworkConditions(conditions);
  }

  /** Waits until {@code condition} gives something other than null or false, and returns it. */
  public <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  /** The element {@code css} finds, once there is one. */
  public WebElement await(String css) {
    return await(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  /** The elements {@code css} finds now. */
  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The texts of the list's rows now on the page. */
  public List<String> rows() {
    return all(".flow-canvas .flow-row").stream().map(WebElement::getText).toList();
  }

  /** The URLs of the list's rows now on the page, top to bottom. */
  public List<String> rowUrls() {
    return all(".flow-canvas .flow-row").stream().map(row -> row.getAttribute("title")).toList();
  }

  /** Replaces the text of the filter box with {@code text}. */
  public void filter(String text) {
    WebElement box = await("input.filter");
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    if (!text.isEmpty()) {
      box.sendKeys(text);
    }
  }

  /** Clicks the row whose URL ends with {@code urlEnd}. */
  public void select(String urlEnd) {
    await(d -> all(".flow-canvas .flow-row").stream().filter(row -> row.getAttribute("title").endsWith(urlEnd)).findFirst().orElse(null))
        .click();
  }

  /** Runs {@code script} in the page. */
  public Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** Saves what the browser shows to {@code target/screenshots/<name>.png}; returns the file. */
  public Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    return Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Quits Chromium and removes its profile. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (driver == null) {
      return;
    }
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
