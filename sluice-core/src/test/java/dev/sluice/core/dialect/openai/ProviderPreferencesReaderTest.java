package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.RoutingMembersTest.parse;
import static dev.sluice.core.dialect.openai.RoutingMembersTest.rejected;
import static dev.sluice.core.dialect.openai.RoutingMembersTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.ProviderPreferences.MaxPrice;
import dev.sluice.core.route.ProviderPreferences.Sort;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderPreferencesReaderTest {

  private static ProviderPreferences preferences(String provider) {
    return parse(with("\"provider\":" + provider)).preferences();
  }

  private static GatewayException rejectedProvider(String provider) {
    return rejected(with("\"provider\":" + provider));
  }

  @Test
  void everySupportedMember() {
    ProviderPreferences p = preferences("""
        {"order": ["anthropic", "openai"], "only": ["openai", "anthropic", "azure"], "ignore": ["groq"],
         "allow_fallbacks": false, "sort": "throughput", "max_price": {"prompt": 1.25, "completion": 10},
         "require_parameters": true, "data_collection": "deny"}""");
    assertThat(p).isEqualTo(new ProviderPreferences(List.of("anthropic", "openai"),
        List.of("openai", "anthropic", "azure"), List.of("groq"), /* allowFallbacks= */ false, Sort.THROUGHPUT,
        new MaxPrice(1_250_000L, 10_000_000L), /* requireParameters= */ true, /* denyDataCollection= */ true));
  }

  @Test
  void absentNullOrEmptyMeansNoPreference() {
    assertThat(parse(with("")).preferences()).isEqualTo(ProviderPreferences.NONE);
    assertThat(preferences("null")).isEqualTo(ProviderPreferences.NONE);
    assertThat(preferences("{}")).isEqualTo(ProviderPreferences.NONE);
    assertThat(preferences("""
        {"order": null, "only": [], "ignore": null, "allow_fallbacks": null, "sort": null, "max_price": null,
         "require_parameters": null, "data_collection": null, "zdr": null, "quantizations": null}"""))
        .isEqualTo(ProviderPreferences.NONE);
    assertThat(preferences("{\"max_price\": {}}").maxPrice()).isNull();
    assertThat(preferences("{\"max_price\": {\"prompt\": null, \"completion\": null}}").maxPrice()).isNull();
  }

  @Test
  void eachSort() {
    assertThat(preferences("{\"sort\":\"price\"}").sort()).isEqualTo(Sort.PRICE);
    assertThat(preferences("{\"sort\":\"latency\"}").sort()).isEqualTo(Sort.LATENCY);
    assertThat(preferences("{\"sort\":\"throughput\"}").sort()).isEqualTo(Sort.THROUGHPUT);
    GatewayException unknown = rejectedProvider("{\"sort\":\"cheapest\"}");
    assertThat(unknown.param()).isEqualTo("provider.sort");
    assertThat(unknown.code()).isEqualTo("invalid_value");
    assertThat(unknown.getMessage())
        .isEqualTo("Invalid value: 'cheapest'. Supported values are: 'price', 'latency', and 'throughput'.");
    // OpenRouter's newer object form is not supported
    assertThat(rejectedProvider("{\"sort\":{\"by\":\"price\"}}").param()).isEqualTo("provider.sort");
  }

  @Test
  void dataCollectionAndZdr() {
    assertThat(preferences("{\"data_collection\":\"allow\"}").denyDataCollection()).isFalse();
    assertThat(preferences("{\"data_collection\":\"deny\"}").denyDataCollection()).isTrue();
    assertThat(preferences("{\"zdr\":true}").denyDataCollection()).isTrue();
    assertThat(preferences("{\"zdr\":false}").denyDataCollection()).isFalse();
    // zdr:false relaxes nothing, whatever the order
    assertThat(preferences("{\"data_collection\":\"deny\",\"zdr\":false}").denyDataCollection()).isTrue();
    assertThat(preferences("{\"zdr\":true,\"data_collection\":\"allow\"}").denyDataCollection()).isTrue();
    assertThat(rejectedProvider("{\"data_collection\":\"never\"}").param()).isEqualTo("provider.data_collection");
    assertThat(rejectedProvider("{\"zdr\":\"yes\"}").param()).isEqualTo("provider.zdr");
  }

  @Test
  void wrongTypesNameTheMember() {
    record Case(String provider, String param) {}
    for (Case c : List.of(
        new Case("[]", "provider"),
        new Case("\"openai\"", "provider"),
        new Case("{\"order\":\"openai\"}", "provider.order"),
        new Case("{\"only\":[\"openai\",3]}", "provider.only[1]"),
        new Case("{\"ignore\":[\"\"]}", "provider.ignore[0]"),
        new Case("{\"allow_fallbacks\":\"false\"}", "provider.allow_fallbacks"),
        new Case("{\"require_parameters\":1}", "provider.require_parameters"),
        new Case("{\"sort\":1}", "provider.sort"),
        new Case("{\"data_collection\":false}", "provider.data_collection"),
        new Case("{\"max_price\":5}", "provider.max_price"),
        new Case("{\"max_price\":{\"prompt\":\"1.5\"}}", "provider.max_price.prompt"),
        new Case("{\"max_price\":{\"completion\":true}}", "provider.max_price.completion"))) {
      GatewayException e = rejectedProvider(c.provider());
      assertThat(e.param()).as(c.provider()).isEqualTo(c.param());
    }
    assertThat(rejectedProvider("{\"only\":[\"openai\",3]}").getMessage())
        .isEqualTo("Invalid type for 'provider.only[1]': expected a string, but got an integer instead.");
  }

  @Test
  void atMost32NamesPerList() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      names.add("\"p" + i + "\"");
    }
    assertThat(preferences("{\"ignore\":[" + String.join(",", names) + "]}").ignore()).hasSize(32);
    names.add("\"p32\"");
    GatewayException e = rejectedProvider("{\"order\":[" + String.join(",", names) + "]}");
    assertThat(e.param()).isEqualTo("provider.order");
    assertThat(e.code()).isEqualTo("array_above_max_length");
  }

  @Test
  void unknownMembersAreRefusedByName() {
    for (String member : List.of("quantizations", "enforce_distillable_text", "preferred_min_throughput",
        "preferred_max_latency", "experimental")) {
      GatewayException e = rejectedProvider("{\"" + member + "\":[\"fp8\"]}");
      assertThat(e.param()).isEqualTo("provider." + member);
      assertThat(e.code()).isEqualTo("unsupported_parameter");
      assertThat(e.getMessage())
          .isEqualTo("Unsupported parameter: 'provider." + member + "' is not supported by Sluice.");
    }
    GatewayException request = rejectedProvider("{\"max_price\":{\"prompt\":1,\"request\":0.01}}");
    assertThat(request.param()).isEqualTo("provider.max_price.request");
    assertThat(request.code()).isEqualTo("unsupported_parameter");
  }

  @Test
  void maxPriceIsConvertedExactlyToMicroDollarsPerMillionTokens() {
    record Case(String usd, long micros) {}
    for (Case c : List.of(new Case("0", 0), new Case("-0", 0), new Case("0.0", 0), new Case("0.15", 150_000),
        new Case("0.000001", 1), new Case("2.50000000", 2_500_000), new Case("1e-6", 1), new Case("1.5E2", 150_000_000),
        new Case("3", 3_000_000), new Case("1000000", 1_000_000_000_000L), new Case("999999.999999", 999_999_999_999L),
        new Case("0.1234560", 123_456))) {
      MaxPrice p = preferences("{\"max_price\":{\"prompt\":" + c.usd() + "}}").maxPrice();
      assertThat(p.promptMicrosPerMTok()).as(c.usd()).isEqualTo(c.micros());
      assertThat(p.completionMicrosPerMTok()).isNull();
    }
    assertThat(preferences("{\"max_price\":{\"completion\":0.6}}").maxPrice())
        .isEqualTo(new MaxPrice(null, 600_000L));
  }

  @Test
  void maxPriceOutOfRangeOrTooPrecise() {
    GatewayException negative = rejectedProvider("{\"max_price\":{\"prompt\":-0.01}}");
    assertThat(negative.param()).isEqualTo("provider.max_price.prompt");
    assertThat(negative.code()).isEqualTo("decimal_below_min_value");
    assertThat(negative.getMessage()).isEqualTo("Invalid 'provider.max_price.prompt': decimal below minimum value."
        + " Expected a value >= 0, but got -0.01 instead.");
    GatewayException huge = rejectedProvider("{\"max_price\":{\"completion\":1000000.000001}}");
    assertThat(huge.param()).isEqualTo("provider.max_price.completion");
    assertThat(huge.code()).isEqualTo("decimal_above_max_value");
    assertThat(rejectedProvider("{\"max_price\":{\"completion\":1e999999999}}").code())
        .isEqualTo("decimal_above_max_value");
    assertThat(rejectedProvider("{\"max_price\":{\"completion\":99999999999999999999999}}").code())
        .isEqualTo("decimal_above_max_value");
    for (String precise : List.of("0.0000001", "1e-7", "0.1234567", "1e-999999999", "123456.0000001")) {
      GatewayException e = rejectedProvider("{\"max_price\":{\"prompt\":" + precise + "}}");
      assertThat(e.param()).as(precise).isEqualTo("provider.max_price.prompt");
      assertThat(e.code()).as(precise).isEqualTo("invalid_value");
      assertThat(e.getMessage()).as(precise).isEqualTo("Invalid 'provider.max_price.prompt': too many decimal"
          + " places. Expected at most 6, but got " + precise + " instead.");
    }
  }

  @Test
  void providerIsCheckedWhereverItStands() {
    assertThat(parse("{\"provider\":{\"only\":[\"openai\"]},\"model\":\"a\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").preferences().only()).containsExactly("openai");
    assertThat(rejected("{\"provider\":{\"only\":[1]},\"model\":\"a\"}").param()).isEqualTo("provider.only[0]");
  }
}
