package dev.sluice.core.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Request-body fields with which other gateways let a caller choose the upstream host or its credentials
 * ({@code api_base}, {@code aws_secret_access_key}, ...: LiteLLM CVE-2024-6587 sent the stored provider key to a
 * caller-chosen host). Sluice never honours them: each model goes to the provider configured for it. They are
 * refused with a 400 naming the field, rather than passed through (a passthrough would hand a client's cloud
 * secret to the provider) or dropped silently (the caller would believe it chose the host). Only top-level
 * members count: a tool parameter named {@code api_key} is content.
 */
public final class UpstreamOverrides {
  static final List<String> FIELDS = List.of("api_base", "base_url", "api_key", "api_version",
      "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_region_name", "azure_endpoint",
      "azure_ad_token", "vertex_project", "vertex_location", "vertex_credentials", "custom_llm_provider");
  private static final byte[][] QUOTED = FIELDS.stream()
      .map(f -> ("\"" + f + "\"").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
  /** The first letters of {@link #FIELDS}, by ASCII code. */
  private static final boolean[] FIRST_LETTERS = new boolean[128];

  static {
    for (String field : FIELDS) {
      FIRST_LETTERS[field.charAt(0)] = true;
    }
  }

  private static final JsonFactory FACTORY = new JsonFactory();

  private UpstreamOverrides() {}

  /**
   * Throws the 400 when the body's top level has one of {@link #FIELDS}. A byte scan comes first, so the common
   * body (none of the names anywhere) costs one pass and no parse; bodies that are not JSON objects are left to
   * the route's own validation.
   *
   * @param byteAt the body's byte at an index (so a caller's buffer need not be copied)
   */
  public static void refuse(IntUnaryOperator byteAt, int length, java.util.function.Supplier<byte[]> bytes) {
    if (!mentionsAny(byteAt, length)) {
      return;
    }
    String field = topLevelField(bytes.get());
    if (field != null) {
      throw GatewayException.invalidRequest("'" + field + "' is not accepted: Sluice sends each model to the provider"
          + " configured for it, with that provider's stored credentials; a request cannot choose the upstream host,"
          + " region, API version or credentials. Remove '" + field + "'.", field, "upstream_override_refused");
    }
  }

  /** Whether any quoted field name occurs anywhere in the bytes. */
  static boolean mentionsAny(IntUnaryOperator byteAt, int length) {
    for (int i = 0; i + 1 < length; i++) {
      if (byteAt.applyAsInt(i) != '"' || !FIRST_LETTERS[byteAt.applyAsInt(i + 1) & 0x7F]) {
        continue; // most strings in a body start with a letter no field name starts with: one check, no loop
      }
      for (byte[] name : QUOTED) {
        if (matchesAt(byteAt, length, i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesAt(IntUnaryOperator byteAt, int length, int at, byte[] name) {
    if (at + name.length > length) {
      return false;
    }
    for (int j = 1; j < name.length; j++) {
      if (byteAt.applyAsInt(at + j) != name[j]) {
        return false;
      }
    }
    return true;
  }

  /** The first top-level member of the object that is one of {@link #FIELDS}, or null (also for non-JSON). */
  static String topLevelField(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (FIELDS.contains(name)) {
          return name;
        }
        p.nextToken();
        p.skipChildren();
      }
      return null;
    } catch (IOException notJson) {
      return null; // the route's parser reports it with its own message
    }
  }
}
