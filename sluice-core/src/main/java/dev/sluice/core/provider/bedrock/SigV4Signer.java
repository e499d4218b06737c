package dev.sluice.core.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, header form (docs.aws.amazon.com/IAM/latest/UserGuide/
 * create-signed-request.html): canonical request, string to sign, a signing key derived from the secret, date,
 * region and service, and the {@code Authorization} header. JDK only (HmacSHA256, SHA-256).
 *
 * <p>The path is the one that goes on the wire, already percent-encoded once (Bedrock's model id
 * {@code anthropic.claude-3-5-sonnet-20240620-v1:0} travels as {@code ...-v1%3A0}). AWS says that for every
 * service but S3 "each path segment must be URI-encoded twice", so the canonical URI encodes the wire path
 * again ({@code %3A} becomes {@code %253A}), after removing empty, {@code .} and {@code ..} segments.
 *
 * <p>Signed headers: {@code host}, {@code x-amz-date}, {@code x-amz-security-token} when a session token is set
 * (temporary credentials), and every header the caller passes (e.g. {@code content-type},
 * {@code x-amz-content-sha256}). The clock is injected so tests reproduce AWS's published vectors.
 * Thread-safe; {@link #toString()} never shows the secret.
 */
public final class SigV4Signer {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String region;
  private final String service;
  private final Clock clock;

  /** {@code sessionToken} may be null (long-term keys); the others are required. */
  public SigV4Signer(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service,
      Clock clock) {
    this.accessKeyId = requireText(accessKeyId, "accessKeyId");
    this.secretAccessKey = requireText(secretAccessKey, "secretAccessKey");
    this.sessionToken = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
    this.region = requireText(region, "region");
    this.service = requireText(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What one signing produced; package-private because the canonical request may hold the session token. */
  record Signed(String canonicalRequest, String stringToSign, String signature, Map<String, String> headers) {}

  /**
   * Signs one request and returns the headers to add to it: {@code x-amz-date}, {@code x-amz-security-token}
   * (only with a session token) and {@code authorization}, all in lower case.
   *
   * @param host the {@code Host} header exactly as sent (with {@code :port} when it is not the scheme's default)
   * @param rawPath the path as sent, percent-encoded once
   * @param rawQuery the query as sent without {@code ?}, or null
   * @param headers further headers to sign (names in any case; values as sent)
   */
  public Map<String, String> sign(String method, String host, String rawPath, String rawQuery,
      Map<String, String> headers, byte[] body) {
    return signed(method, host, rawPath, rawQuery, headers, body).headers();
  }

  Signed signed(String method, String host, String rawPath, String rawQuery, Map<String, String> headers,
      byte[] body) {
    String amzDate = AMZ_DATE.format(clock.instant());
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> signedHeaders = new TreeMap<>();
    headers.forEach((name, value) -> signedHeaders.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
    signedHeaders.put("host", canonicalValue(host));
    signedHeaders.put("x-amz-date", amzDate);
    if (sessionToken != null) {
      signedHeaders.put("x-amz-security-token", sessionToken);
    }
    String signedNames = String.join(";", signedHeaders.keySet());
    StringBuilder canonical = new StringBuilder()
        .append(method.toUpperCase(Locale.ROOT)).append('\n')
        .append(canonicalUri(rawPath)).append('\n')
        .append(canonicalQuery(rawQuery)).append('\n');
    signedHeaders.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    canonical.append('\n').append(signedNames).append('\n').append(sha256Hex(body));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    String signature = HEX.formatHex(hmac(signingKey(secretAccessKey, date, region, service), stringToSign));

    Map<String, String> added = new LinkedHashMap<>();
    added.put("x-amz-date", amzDate);
    if (sessionToken != null) {
      added.put("x-amz-security-token", sessionToken);
    }
    added.put("authorization", ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
        + signedNames + ", Signature=" + signature);
    return new Signed(canonical.toString(), stringToSign, signature, added);
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  /** The wire path encoded once more per segment, after dropping empty, {@code .} and {@code ..} segments. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.removeLast();
        }
        continue;
      }
      segments.add(uriEncode(segment));
    }
    StringBuilder uri = new StringBuilder("/").append(String.join("/", segments));
    if (!segments.isEmpty() && rawPath.endsWith("/")) {
      uri.append('/');
    }
    return uri.toString();
  }

  /** Parameters decoded, re-encoded the AWS way, sorted by name then value. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String param : rawQuery.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      params.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : params) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /**
   * RFC 3986 percent-encoding as AWS wants it: every UTF-8 byte except {@code A-Z a-z 0-9 - _ . ~} becomes
   * {@code %XX} with upper-case hex ({@code /} and {@code :} included, unlike {@code URLEncoder}'s form encoding,
   * which also turns spaces into {@code +}).
   */
  public static String uriEncode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Trimmed, with inner runs of spaces collapsed to one, as the canonical headers require. */
  private static String canonicalValue(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  /** Invalid escapes are kept as they are: the signature then simply covers what was sent. */
  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() && c == '%' ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required for SigV4 signing");
    }
    return value;
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + service + "/" + region + "]"; // never the keys
  }
}
