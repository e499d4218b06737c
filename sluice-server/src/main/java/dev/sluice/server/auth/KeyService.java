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

  public IssuedKey create(String name, Instant expiresAt) {
    return create(name, expiresAt, null);
  }

  /**
   * @param routingJson routing defaults for the key's requests (an OpenRouter-style provider object), or
   *     null; validated here with the same rules as a request's {@code provider} field
   * @throws dev.sluice.core.error.GatewayException when the routing JSON is invalid
   */
  public IssuedKey create(String name, Instant expiresAt, String routingJson) {
    ProviderPreferences routing = routingJson == null ? ProviderPreferences.NONE
        : OpenAiProviderPreferences.parse(routingJson);
    String plaintext = VirtualKeys.generate(random);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    VirtualKey key = new VirtualKey("key_" + HexFormat.of().formatHex(idBytes), name,
        VirtualKeys.hint(plaintext), clock.instant(), expiresAt, null, routingJson, routing);
    repository.insert(key, hasher.hash(plaintext));
    return new IssuedKey(key, plaintext);
  }

  /** The key record for a presented plaintext key, active or not; empty when unknown. */
  public Optional<VirtualKey> lookup(String plaintext) {
    return repository.findByHash(hasher.hash(plaintext));
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
}
