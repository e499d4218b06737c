package dev.sluice.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake's SigV4 check: recomputes the signature of a received request from its method, raw path, query, the
 * headers it lists in {@code SignedHeaders} (values as received) and the SHA-256 of the body actually received,
 * with the secret the fake knows, and answers as AWS does when anything is off. Written apart from Sluice's own
 * signer (the testkit does not depend on sluice-core), so a bug in one is caught by the other.
 *
 * <p>Non-S3 rule: each path segment as received (already percent-encoded once) is encoded again, so a model id
 * {@code a:b} sent as {@code a%3Ab} is signed as {@code a%253Ab}.
 */
final class FakeBedrockSignatures {
  static final String SERVICE = "bedrock";
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  /** AWS refuses signatures more than 15 minutes away from its own clock. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What the fake accepts; {@code sessionToken} null for long-term keys. */
  record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, String region) {}

  private FakeBedrockSignatures() {}

  /**
   * Checks one request; null when it is correctly signed, else the error AWS would answer.
   *
   * @param header a received header by lower-case name (repeated ones joined with commas), or null
   * @param checkAge whether to refuse a date more than 15 minutes away from {@code now}
   */
  static FakeBedrockErrors verify(String method, String rawPath, String rawQuery, Function<String, String> header,
      byte[] body, Credentials expected, Instant now, boolean checkAge) {
    String authorization = header.apply("authorization");
    if (authorization == null) {
      return FakeBedrockErrors.missingAuthentication();
    }
    Map<String, String> params = parameters(authorization);
    if (params == null) {
      return FakeBedrockErrors.incompleteSignature("Authorization header requires 'Credential', 'SignedHeaders' and"
          + " 'Signature' parameters of an " + ALGORITHM + " signature.");
    }
    String[] scope = params.get("Credential").split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      return FakeBedrockErrors.incompleteSignature("Credential should be of the form"
          + " <access key>/<date>/<region>/<service>/aws4_request.");
    }
    String token = header.apply("x-amz-security-token");
    if (!scope[0].equals(expected.accessKeyId()) || !java.util.Objects.equals(token, expected.sessionToken())) {
      return FakeBedrockErrors.unrecognizedClient();
    }
    String amzDate = header.apply("x-amz-date");
    if (amzDate == null) {
      return FakeBedrockErrors.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date'"
          + " or a 'Date' header.");
    }
    List<String> signedNames = Arrays.asList(params.get("SignedHeaders").split(";"));
    if (!signedNames.contains("host")) {
      return FakeBedrockErrors.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS"
          + " Authorization.");
    }
    FakeBedrockErrors scopeError = checkScope(scope, amzDate, expected.region(), now, checkAge);
    if (scopeError != null) {
      return scopeError;
    }
    Map<String, String> signed = new LinkedHashMap<>();
    for (String name : signedNames) {
      String value = header.apply(name);
      signed.put(name, value == null ? "" : value);
    }
    String canonical = canonicalRequest(method, rawPath, rawQuery, signed, body);
    String stringToSign = stringToSign(amzDate, scope[1], scope[2], SERVICE, canonical);
    String signature = signature(expected.secretAccessKey(), scope[1], scope[2], SERVICE, stringToSign);
    if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
        params.get("Signature").getBytes(StandardCharsets.US_ASCII))) {
      return FakeBedrockErrors.invalidSignature(FakeBedrockErrors.INVALID_SIGNATURE
          + "\n\nThe Canonical String for this request should have been\n'" + canonical
          + "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n");
    }
    return null;
  }

  /**
   * The {@code Authorization} value the fake expects for these request parts: a test signs its requests with it.
   *
   * @param signedHeaders lower-case header names to values as they will be sent (must include {@code host} and
   *     {@code x-amz-date}); signed in name order
   * @param service {@value #SERVICE} for Bedrock; another name only to check this code against AWS's vectors
   */
  static String authorization(String method, String rawPath, String rawQuery, Map<String, String> signedHeaders,
      byte[] body, String accessKeyId, String secret, String region, String service) {
    Map<String, String> sorted = new java.util.TreeMap<>(signedHeaders);
    String amzDate = sorted.get("x-amz-date");
    String date = amzDate.substring(0, 8);
    String canonical = canonicalRequest(method, rawPath, rawQuery, sorted, body);
    String signature = signature(secret, date, region, service,
        stringToSign(amzDate, date, region, service, canonical));
    return ALGORITHM + " Credential=" + accessKeyId + "/" + date + "/" + region + "/" + service
        + "/aws4_request, SignedHeaders=" + String.join(";", sorted.keySet()) + ", Signature=" + signature;
  }

  static String amzDate(Instant instant) {
    return AMZ_DATE.format(instant);
  }

  private static FakeBedrockErrors checkScope(String[] scope, String amzDate, String region, Instant now,
      boolean checkAge) {
    Instant signedAt;
    try {
      signedAt = AMZ_DATE.parse(amzDate, Instant::from);
    } catch (DateTimeParseException e) {
      return FakeBedrockErrors.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
    }
    if (!amzDate.startsWith(scope[1])) {
      return FakeBedrockErrors.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601"
          + " version of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate
          + "'.");
    }
    if (!scope[2].equals(region)) {
      return FakeBedrockErrors.invalidSignature("Credential should be scoped to a valid region. ");
    }
    if (!scope[3].equals(SERVICE)) {
      return FakeBedrockErrors.invalidSignature("Credential should be scoped to correct service: '" + SERVICE + "'. ");
    }
    if (checkAge && signedAt.isBefore(now.minus(MAX_SKEW))) {
      return FakeBedrockErrors.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
          + amzDate(now.minus(MAX_SKEW)) + " (" + amzDate(now) + " - 15 min.)");
    }
    if (checkAge && signedAt.isAfter(now.plus(MAX_SKEW))) {
      return FakeBedrockErrors.invalidSignature("Signature not yet current: " + amzDate + " is still later than "
          + amzDate(now.plus(MAX_SKEW)) + " (" + amzDate(now) + " + 15 min.)");
    }
    return null;
  }

  /** {@code Credential}, {@code SignedHeaders} and {@code Signature}, or null when any is missing. */
  private static Map<String, String> parameters(String authorization) {
    if (!authorization.startsWith(ALGORITHM + " ")) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
      }
    }
    boolean complete = params.containsKey("Credential") && params.containsKey("SignedHeaders")
        && params.containsKey("Signature");
    return complete ? params : null;
  }

  private static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, String> signed,
      byte[] body) {
    List<String> lines = new ArrayList<>();
    lines.add(method);
    lines.add(canonicalPath(rawPath));
    lines.add(canonicalQuery(rawQuery));
    signed.forEach((name, value) -> lines.add(name + ":" + value.trim().replaceAll(" +", " ")));
    lines.add("");
    lines.add(String.join(";", signed.keySet()));
    lines.add(hex(sha256(body)));
    return String.join("\n", lines);
  }

  /** Every segment of the received (once-encoded) path encoded again. */
  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = rfc3986(segments[i]);
    }
    return String.join("/", segments);
  }

  /** Query parameters as received, sorted (Converse calls carry none; enough for the fake). */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    String[] params = rawQuery.split("&");
    Arrays.sort(params);
    return String.join("&", params);
  }

  /** Form encoding turned into RFC 3986: space is %20, {@code *} is encoded, {@code ~} is not. */
  private static String rfc3986(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static String stringToSign(String amzDate, String date, String region, String service,
      String canonical) {
    return ALGORITHM + "\n" + amzDate + "\n" + date + "/" + region + "/" + service + "/aws4_request\n"
        + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  private static String signature(String secret, String date, String region, String service, String stringToSign) {
    byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String step : new String[] {date, region, service, "aws4_request", stringToSign}) {
      key = hmacSha256(key, step);
    }
    return hex(key);
  }

  private static byte[] hmacSha256(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
  }
}
