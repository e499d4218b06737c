package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client connection timeouts under {@code server:} (RELIABILITY A1#6): defaults, parsing, errors. */
class ServerTimeoutsConfigTest {

  @Test
  void defaultsAreSaneWhenNotConfigured() {
    ServerSettings s = parse("server: { port: 8080 }\n").server();
    assertThat(s.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.bodyIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void eachTimeoutIsReadFromItsKey() {
    ServerSettings s = parse("server: { header_timeout: 2s, body_timeout: 1500ms, send_timeout: 1m, "
        + "keep_alive_timeout: 5s }\n").server();
    assertThat(s.headerTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.bodyIdleTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.sendTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badValuesNameTheFileThePathAndTheFix() {
    onlyProblem("server: { header_timeout: 10 }\n", "server.header_timeout", "has no unit");
    onlyProblem("server: { body_timeout: 0s }\n", "server.body_timeout", "longer than 0");
    onlyProblem("server: { send_timeout: 2d }\n", "server.send_timeout", "unknown duration unit \"d\"");
    onlyProblem("server: { keep_alive_timeout: fast }\n", "server.keep_alive_timeout", "not a duration");
  }

  @Test
  void aMisspelledKeyIsReported() {
    onlyProblem("server: { header_timout: 2s }\n", "server.header_timout", "header_timeout");
  }
}
