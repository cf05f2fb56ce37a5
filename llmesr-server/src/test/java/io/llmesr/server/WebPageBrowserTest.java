package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): search, build a
 * history by clicking, see the top 10 with titles and badges, remove an item, add a new item by text and find and
 * get it recommended. Saves {@code target/screenshots/web-page.png}.
 *
 * <p>Skipped when Chromium or ChromeDriver is missing, except under {@code CI=true}, where that fails. The driver and
 * browser binaries are given explicitly, so Selenium Manager never looks for (or downloads) either.
 */
class WebPageBrowserTest {
  private static final Path CHROMIUM = Path.of(envOr("CHROMIUM_BIN", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(envOr("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

  @TempDir
  Path profile;
  private LlmesrServer server;
  private WebDriver driver;
  private WebDriverWait wait;

  private static String envOr(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  @BeforeEach
  void start() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      String why = "Chromium (" + CHROMIUM + ") or ChromeDriver (" + CHROMEDRIVER + ") is not installed";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + "; CI must install chromium and chromium-driver");
      assumeTrue(false, why + "; skipping the browser test (apt-get install chromium chromium-driver)");
    }
    server = new LlmesrServer(new FakeRecommender(), null, ServerConfig.defaults().withPort(0)).start();

    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.stop();
  }

  @Test
  void searchBuildHistoryRecommendAndAddAnItem() throws Exception {
    driver.get("http://127.0.0.1:" + server.port() + "/");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-info"), "30 items"));

    // search and click two items into the history
    driver.findElement(By.id("search-input")).sendKeys("nail polish", Keys.ENTER);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#search-results li[data-id]"), 4));
    driver.findElement(By.cssSelector("#search-results li[data-id='B009']")).click();
    driver.findElement(By.cssSelector("#search-results li[data-id='B008']")).click();
    List<WebElement> history = driver.findElements(By.cssSelector("#history li"));
    assertThat(history).extracting(e -> e.getAttribute("data-id")).containsExactly("B009", "B008");

    // the top 10: titles, scores and head/tail badges
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recs li"), 10));
    List<WebElement> recs = driver.findElements(By.cssSelector("#recs li"));
    assertThat(recs.get(0).getAttribute("data-id")).isEqualTo("B011");
    assertThat(recs.get(0).findElement(By.className("title")).getText()).isEqualTo("Nail Polish Remover");
    assertThat(recs.get(0).findElement(By.className("badge")).getText()).isEqualToIgnoringCase("head");
    assertThat(recs.get(1).getAttribute("data-id")).isEqualTo("B010");
    assertThat(recs.get(1).findElement(By.className("badge")).getText()).isEqualToIgnoringCase("tail");
    for (WebElement li : recs) {
      assertThat(li.findElement(By.className("title")).getText()).isNotBlank();
      assertThat(li.findElement(By.className("score")).getText()).matches("-?\\d+\\.\\d{3}");
      assertThat(li.findElements(By.cssSelector(".badge.head, .badge.tail"))).hasSize(1);
    }
    assertThat(recs).extracting(e -> e.getAttribute("data-id")).doesNotContain("B008", "B009");

    // remove an item from the history: the list updates and B008 may be recommended again
    driver.findElement(By.cssSelector("#history li[data-id='B008'] .remove")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history li"), 1));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#recs li[data-id='B008']")));
    driver.findElement(By.cssSelector("#search-results li[data-id='B008']")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history li"), 2));

    // add an item by text: it is recommended (with an "added" badge) and can be found
    driver.findElement(By.id("add-id")).sendKeys("NEW-1");
    driver.findElement(By.id("add-text")).sendKeys("Holographic Nail Polish Glitter");
    driver.findElement(By.id("add-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("add-status"), "Added NEW-1"));
    WebElement added = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#recs li[data-id='NEW-1']")));
    assertThat(added.findElement(By.className("title")).getText()).isEqualTo("Holographic Nail Polish Glitter");
    assertThat(added.findElements(By.cssSelector(".badge.added"))).hasSize(1);
    assertThat(added.findElements(By.cssSelector(".badge.tail"))).hasSize(1);

    WebElement search = driver.findElement(By.id("search-input"));
    search.clear();
    search.sendKeys("holographic", Keys.ENTER);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#search-results li[data-id='NEW-1']")));
    assertThat(driver.findElements(By.cssSelector("#search-results li[data-id]"))).hasSize(1);

    // a refused add shows the server's reason
    driver.findElement(By.id("add-id")).sendKeys("NEW-1");
    driver.findElement(By.id("add-text")).sendKeys("again");
    driver.findElement(By.id("add-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("add-status"), "already exists"));
    assertThat(driver.findElement(By.id("message")).isDisplayed()).isFalse();

    search.clear();
    search.sendKeys("polish", Keys.ENTER);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#search-results li[data-id]"), 5));
    Path shot = Path.of("target", "screenshots", "web-page.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }
}
