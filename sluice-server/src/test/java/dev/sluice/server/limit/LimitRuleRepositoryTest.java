package dev.sluice.server.limit;

import static dev.sluice.server.limit.Rules.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.admission.RateLimits.Permit;
import dev.sluice.server.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitRuleRepositoryTest {
  private static final Predicate<String> ANY_MODEL = m -> true;
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  @TempDir Path dir;
  private LimitRuleRepository repository;

  @BeforeEach
  void open() {
    repository = new LimitRuleRepository(Database.open("sqlite:" + dir.resolve("sluice.db")));
  }

  @Test
  void rulesRoundTripThroughTheStore() {
    LimitRuleRepository.Saved saved = repository.set(LimitInput.parse("tag:cost_center=*", "tpm", 1000L, ANY_MODEL), T0);
    assertThat(saved.created()).isTrue();
    assertThat(saved.rule().id()).matches("lim_[0-9a-f]{16}");
    assertThat(repository.list()).containsExactly(saved.rule());
    assertThat(saved.rule().describe()).isEqualTo("tag:cost_center=* tpm 1000");
    assertThat(saved.rule().createdAt()).isEqualTo(T0);
  }

  @Test
  void settingAgainReplacesTheLimitAndKeepsTheId() {
    LimitRule first = repository.set(LimitInput.parse("team:ml", "rpm", 60L, ANY_MODEL), T0).rule();
    repository.set(LimitInput.parse("team:ml", "tpm", 9000L, ANY_MODEL), T0.plusSeconds(1));
    LimitRuleRepository.Saved again = repository.set(LimitInput.parse("team:ml", "rpm", 30L, ANY_MODEL),
        T0.plusSeconds(2));
    assertThat(again.created()).isFalse();
    assertThat(again.rule().id()).isEqualTo(first.id());
    assertThat(again.rule().limit()).isEqualTo(30);
    assertThat(repository.list()).extracting(LimitRule::describe).containsExactly("team:ml rpm 30", "team:ml tpm 9000");
  }

  @Test
  void deleteRemovesOnlyThatRule() {
    LimitRule rule = repository.set(LimitInput.parse("org:acme", "concurrency", 5L, ANY_MODEL), T0).rule();
    assertThat(repository.delete("lim_unknown")).isFalse();
    assertThat(repository.delete(rule.id())).isTrue();
    assertThat(repository.delete(rule.id())).isFalse();
    assertThat(repository.list()).isEmpty();
  }

  @Test
  void theServiceEnforcesWhatTheStoreHoldsAfterAReload() {
    RateLimitService service = new RateLimitService(repository::list, new InMemoryLimitStore(), new TestClock());
    assertThat(service.acquire(request("key_a", "ml"), 0)).isSameAs(Permit.UNLIMITED);
    LimitRule rule = repository.set(LimitInput.parse("team:ml", "rpm", 1L, ANY_MODEL), T0).rule();
    service.reload();
    assertThat(service.acquire(request("key_a", "ml"), 0).allowed()).isTrue();
    assertThat(service.acquire(request("key_a", "ml"), 0).refusal()).isEqualTo("team:ml rpm 1");
    repository.delete(rule.id());
    service.reload();
    assertThat(service.acquire(request("key_a", "ml"), 0)).isSameAs(Permit.UNLIMITED);
  }
}
