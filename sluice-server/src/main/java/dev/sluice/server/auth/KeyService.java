package dev.sluice.server.auth;

import dev.sluice.core.dialect.openai.OpenAiProviderPreferences;
import dev.sluice.core.key.KeyHasher;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.key.VirtualKeys;
import dev.sluice.server.store.KeyRepository;
import dev.sluice.server.store.VirtualKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Issues, lists, finds and revokes virtual keys. Blocking: call off the event loop. */
public final class KeyService {
  private final KeyRepository repository;
  private final KeyHasher hasher;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  public KeyService(KeyRepository repository, KeyHasher hasher, InstantSource clock) {
    this.repository = repository;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** A new key with its plaintext, which exists only in this return value. */
  public record IssuedKey(VirtualKey key, String plaintext) {}

  /**
   * Everything about a new key but its name; every member may be null (unset).
   *
   * @param routingJson routing defaults (an OpenRouter-style provider object)
   * @param user the user the key belongs to, for budgets, limits and the ledger
   * @param team the key's team
   * @param org the key's organisation (budgets, prepaid credits)
   * @param maxCostNanos refuse any request whose worst-case cost exceeds this (nano-dollars); not negative
   */
  public record KeyOptions(Instant expiresAt, String routingJson, String user, String team, String org,
      Long maxCostNanos) {
    public static final KeyOptions NONE = new KeyOptions(null, null, null, null, null, null);

    public KeyOptions {
      if (maxCostNanos != null && maxCostNanos < 0) {
        throw new IllegalArgumentException("maxCostNanos must not be negative: " + maxCostNanos);
      }
    }
  }

  public IssuedKey create(String name, Instant expiresAt) {
    return create(name, expiresAt, null);
  }

  /**
   * @param routingJson routing defaults for the key's requests (an OpenRouter-style provider object), or
   *     null; validated here with the same rules as a request's {@code provider} field
   * @throws dev.sluice.core.error.GatewayException when the routing JSON is invalid
   */
  public IssuedKey create(String name, Instant expiresAt, String routingJson) {
    return issue(name, new KeyOptions(expiresAt, routingJson, null, null, null, null));
  }

  /**
   * @throws dev.sluice.core.error.GatewayException when {@link KeyOptions#routingJson()} is invalid
   */
  public IssuedKey issue(String name, KeyOptions options) {
    String routingJson = options.routingJson();
    ProviderPreferences routing = routingJson == null ? ProviderPreferences.NONE
        : OpenAiProviderPreferences.parse(routingJson);
    String plaintext = VirtualKeys.generate(random);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    VirtualKey key = new VirtualKey("key_" + HexFormat.of().formatHex(idBytes), name,
        VirtualKeys.hint(plaintext), clock.instant(), options.expiresAt(), null, routingJson, routing,
        blankToNull(options.user()), blankToNull(options.team()), blankToNull(options.org()), options.maxCostNanos());
    repository.insert(key, hasher.hash(plaintext));
    return new IssuedKey(key, plaintext);
  }

  /** The key record for a presented plaintext key, active or not; empty when unknown. */
  public Optional<VirtualKey> lookup(String plaintext) {
    return repository.findByHash(hasher.hash(plaintext));
  }

  /** The stored form of a presented key (its HMAC digest): what lookups and caches are keyed by. */
  public String digest(String plaintext) {
    return hasher.hash(plaintext);
  }

  /** As {@link #lookup}, by the key's {@link #digest}. */
  public Optional<VirtualKey> lookupDigest(String digest) {
    return repository.findByHash(digest);
  }

  public List<VirtualKey> list() {
    return repository.list();
  }

  public boolean revoke(String id) {
    return repository.revoke(id, clock.instant());
  }

  public long count() {
    return repository.count();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
