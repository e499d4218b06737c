package dev.sluice.core.route;

import dev.sluice.core.price.Price;

/** Builds {@link DeploymentSpec}s for tests: {@code spec("openai/gpt-4o").weight(3).price(1, 2).build()}. */
final class Specs {
  private final String provider;
  private final String model;
  private String id;
  private int weight = 1;
  private int priority;
  private Capabilities capabilities = Capabilities.ALL;
  private boolean zeroRetention;
  private Price price;
  private Integer contextWindow;
  private Integer maxConcurrent;

  private Specs(String providerSlashModel) {
    int slash = providerSlashModel.indexOf('/');
    this.provider = providerSlashModel.substring(0, slash);
    this.model = providerSlashModel.substring(slash + 1);
    this.id = providerSlashModel;
  }

  static Specs spec(String providerSlashModel) {
    return new Specs(providerSlashModel);
  }

  /** A default deployment, built. */
  static DeploymentSpec dep(String providerSlashModel) {
    return spec(providerSlashModel).build();
  }

  Specs id(String value) {
    id = value;
    return this;
  }

  Specs weight(int value) {
    weight = value;
    return this;
  }

  Specs priority(int value) {
    priority = value;
    return this;
  }

  Specs capabilities(boolean tools, boolean jsonSchema, boolean images) {
    capabilities = new Capabilities(tools, jsonSchema, images);
    return this;
  }

  Specs zeroRetention() {
    zeroRetention = true;
    return this;
  }

  Specs price(long inputMicrosPerMTok, long outputMicrosPerMTok) {
    price = new Price(inputMicrosPerMTok, outputMicrosPerMTok);
    return this;
  }

  Specs contextWindow(int tokens) {
    contextWindow = tokens;
    return this;
  }

  Specs maxConcurrent(int value) {
    maxConcurrent = value;
    return this;
  }

  DeploymentSpec build() {
    return new DeploymentSpec(id, provider, model, weight, priority, null, capabilities, zeroRetention, price,
        contextWindow, maxConcurrent);
  }
}
