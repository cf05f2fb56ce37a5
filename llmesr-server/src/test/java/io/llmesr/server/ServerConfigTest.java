package io.llmesr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The defaults are safe (loopback, admin off) and nonsense settings are refused up front. */
class ServerConfigTest {
  @Test
  void defaultsAreLoopbackWithAdminOff() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.adminEnabled()).isFalse();
    assertThat(c.reloadRoot()).isEmpty();
    assertThat(c.batchWindow()).isEqualTo(Duration.ofMillis(2));
    assertThat(c.maxBatchSize()).isEqualTo(64);
  }

  @Test
  void withersChangeOneSettingEach() {
    ServerConfig c = ServerConfig.defaults().withPort(0).withMaxInFlight(3).withBatching(Duration.ZERO, 5)
        .withBatchWorkers(2).withMaxBodyBytes(10).withHistoryLimit(7, true).withMaxBatchRequests(4)
        .withAdmin(true, Optional.of(Path.of("bundles"))).withHost("0.0.0.0");
    assertThat(c).isEqualTo(new ServerConfig("0.0.0.0", 0, 3, Duration.ZERO, 5, 2, 10, 7, true, 4, true,
        Optional.of(Path.of("bundles"))));
  }

  @Test
  void refusesNonsense() {
    ServerConfig d = ServerConfig.defaults();
    assertThatThrownBy(() -> d.withPort(-1)).hasMessageContaining("port");
    assertThatThrownBy(() -> d.withPort(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> d.withMaxInFlight(0)).hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> d.withBatching(Duration.ofMillis(-1), 4)).hasMessageContaining("batchWindow");
    assertThatThrownBy(() -> d.withBatching(Duration.ZERO, 0)).hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> d.withBatchWorkers(0)).hasMessageContaining("batchWorkers");
    assertThatThrownBy(() -> d.withMaxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> d.withHistoryLimit(0, false)).hasMessageContaining("maxHistoryIds");
    assertThatThrownBy(() -> d.withHost(" ")).hasMessageContaining("host");
  }

  @Test
  void adminNeedsALoader() {
    assertThatThrownBy(() -> new LlmesrServer(new FakeRecommender(), null,
        ServerConfig.defaults().withAdmin(true, Optional.empty()))).hasMessageContaining("loader");
  }
}
