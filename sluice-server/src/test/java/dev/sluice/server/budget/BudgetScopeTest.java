package dev.sluice.server.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetScopeTest {
  private static final RequestScopes R =
      new RequestScopes("key_a", "ann", "ml", "acme", "openai/gpt-4o", Map.of("cost_center", "cc-42"));

  @Test
  void parsesEveryTypeAndKeepsColonsInTheId() {
    assertThat(BudgetScope.parse("team:ml")).isEqualTo(new BudgetScope(ScopeType.TEAM, "ml"));
    assertThat(BudgetScope.parse("model:openai/gpt-4o:2024")).isEqualTo(new BudgetScope(ScopeType.MODEL,
        "openai/gpt-4o:2024"));
    assertThat(BudgetScope.parse("tag:cost_center=cc-42").tagName()).isEqualTo("cost_center");
    assertThat(BudgetScope.parse("key:*").isEach()).isTrue();
    assertThat(BudgetScope.parse("tag:cost_center=*").isEach()).isTrue();
    assertThat(BudgetScope.parse("team:ml").wire()).isEqualTo("team:ml");
  }

  @Test
  void refusesMalformedScopesWithAnExplanation() {
    assertThatThrownBy(() -> BudgetScope.parse("ml")).hasMessageContaining("type:id");
    assertThatThrownBy(() -> BudgetScope.parse("team:")).hasMessageContaining("type:id");
    assertThatThrownBy(() -> BudgetScope.parse(":ml")).hasMessageContaining("type:id");
    assertThatThrownBy(() -> BudgetScope.parse("squad:ml")).hasMessageContaining("Unknown scope type 'squad'")
        .hasMessageContaining("key, user, team, org, model, tag");
    assertThatThrownBy(() -> BudgetScope.parse("tag:cost_center")).hasMessageContaining("tag:name=value");
    assertThatThrownBy(() -> BudgetScope.parse("tag:=x")).hasMessageContaining("tag:name=value");
    assertThatThrownBy(() -> BudgetScope.parse("tag:*")).hasMessageContaining("tag:name=value");
    assertThatThrownBy(() -> BudgetScope.parse("team:m l")).hasMessageContaining("no spaces");
    assertThatThrownBy(() -> BudgetScope.parse("")).hasMessageContaining("required");
  }

  @Test
  void appliesToTheMatchingIdOrToEachId() {
    assertThat(BudgetScope.parse("team:ml").scopeIdFor(R)).isEqualTo("ml");
    assertThat(BudgetScope.parse("team:ops").scopeIdFor(R)).isNull();
    assertThat(BudgetScope.parse("key:*").scopeIdFor(R)).isEqualTo("key_a");
    assertThat(BudgetScope.parse("user:*").scopeIdFor(R)).isEqualTo("ann");
    assertThat(BudgetScope.parse("org:acme").scopeIdFor(R)).isEqualTo("acme");
    assertThat(BudgetScope.parse("model:openai/gpt-4o").scopeIdFor(R)).isEqualTo("openai/gpt-4o");
    assertThat(BudgetScope.parse("tag:cost_center=cc-42").scopeIdFor(R)).isEqualTo("cost_center=cc-42");
    assertThat(BudgetScope.parse("tag:cost_center=cc-7").scopeIdFor(R)).isNull();
    assertThat(BudgetScope.parse("tag:cost_center=*").scopeIdFor(R)).isEqualTo("cost_center=cc-42");
    assertThat(BudgetScope.parse("tag:project=*").scopeIdFor(R)).isNull();
    assertThat(BudgetScope.parse("team:*").scopeIdFor(new RequestScopes("k", null, null, null, "m", null)))
        .isNull();
  }

  @Test
  void usdForPeopleIsExact() {
    assertThat(Usd.display(0)).isEqualTo("$0.00");
    assertThat(Usd.display(1_500_000_000L)).isEqualTo("$1.50");
    assertThat(Usd.display(195)).isEqualTo("$0.000000195");
    assertThat(Usd.display(-1_250_000_000L)).isEqualTo("-$1.25");
  }
}
