package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS's published vectors: the SigV4 test suite ({@code aws-sig-v4-test-suite}: credentials AKIDEXAMPLE /
 * wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 20150830T123600Z) and the IAM
 * ListUsers example of the SigV4 signing guide. Each expected signature is AWS's, not computed here.
 */
class SigV4SignerTest {
  private static final String KEY_ID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Clock AT = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final String SUITE_HOST = "example.amazonaws.com";
  private static final String SUITE_PREFIX =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=";
  private static final byte[] EMPTY = new byte[0];

  private static SigV4Signer suite() {
    return new SigV4Signer(KEY_ID, SECRET, null, "us-east-1", "service", AT);
  }

  private static String authorization(SigV4Signer signer, String method, String path, String query,
      Map<String, String> headers, byte[] body) {
    return signer.sign(method, SUITE_HOST, path, query, headers, body).get("authorization");
  }

  @Test
  void getVanilla() {
    assertThat(authorization(suite(), "GET", "/", null, Map.of(), EMPTY)).isEqualTo(SUITE_PREFIX
        + "host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void postVanilla() {
    assertThat(authorization(suite(), "POST", "/", null, Map.of(), EMPTY)).isEqualTo(SUITE_PREFIX
        + "host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  }

  @Test
  void getVanillaQueryOrderKeyCase_sortsTheQuery() {
    assertThat(authorization(suite(), "GET", "/", "Param2=value2&Param1=value1", Map.of(), EMPTY)).isEqualTo(
        SUITE_PREFIX + "host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void getUtf8_encodesEachUtf8Byte() {
    assertThat(SigV4Signer.canonicalUri("/ሴ")).isEqualTo("/%E1%88%B4");
    assertThat(authorization(suite(), "GET", "/ሴ", null, Map.of(), EMPTY)).isEqualTo(SUITE_PREFIX
        + "host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
  }

  @Test
  void getSpace_encodesTheSpaceAsPercent20() {
    assertThat(authorization(suite(), "GET", "/example space/", null, Map.of(), EMPTY)).isEqualTo(SUITE_PREFIX
        + "host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741");
  }

  @Test
  void postXWwwFormUrlencoded_signsContentTypeAndTheBody() {
    String auth = authorization(suite(), "POST", "/", null,
        Map.of("Content-Type", "application/x-www-form-urlencoded"), "Param1=value1".getBytes(StandardCharsets.UTF_8));
    assertThat(auth).isEqualTo(SUITE_PREFIX + "content-type;host;x-amz-date,"
        + " Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  @Test
  void postStsHeaderBefore_signsTheSessionToken() {
    String token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeo"
        + "IYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9"
        + "HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4r"
        + "vx3iSIlTJabIQwj2ICCR/oLxBA==";
    SigV4Signer signer = new SigV4Signer(KEY_ID, SECRET, token, "us-east-1", "service", AT);

    Map<String, String> added = signer.sign("POST", SUITE_HOST, "/", null, Map.of(), EMPTY);

    assertThat(added).containsEntry("x-amz-security-token", token).containsEntry("x-amz-date", "20150830T123600Z");
    assertThat(added.get("authorization")).isEqualTo(SUITE_PREFIX + "host;x-amz-date;x-amz-security-token,"
        + " Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
  }

  @Test
  void iamListUsersExample_fromTheSigningGuide() {
    SigV4Signer signer = new SigV4Signer(KEY_ID, SECRET, null, "us-east-1", "iam", AT);

    SigV4Signer.Signed signed = signer.signed("GET", "iam.amazonaws.com", "/", "Action=ListUsers&Version=2010-05-08",
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), EMPTY);

    assertThat(signed.canonicalRequest()).isEqualTo("""
        GET
        /
        Action=ListUsers&Version=2010-05-08
        content-type:application/x-www-form-urlencoded; charset=utf-8
        host:iam.amazonaws.com
        x-amz-date:20150830T123600Z

        content-type;host;x-amz-date
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
    assertThat(SigV4Signer.sha256Hex(signed.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    assertThat(signed.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
        + "20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    assertThat(HexFormat.of().formatHex(SigV4Signer.signingKey(SECRET, "20150830", "us-east-1", "iam")))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    assertThat(signed.headers().get("authorization")).isEqualTo("AWS4-HMAC-SHA256"
        + " Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date,"
        + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void bedrockPost_encodesTheAlreadyEncodedModelIdAgain() {
    SigV4Signer signer = new SigV4Signer(KEY_ID, SECRET, null, "us-east-1", "bedrock", AT);
    byte[] body = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("x-amz-content-sha256", SigV4Signer.sha256Hex(body));

    SigV4Signer.Signed signed = signer.signed("POST", "bedrock-runtime.us-east-1.amazonaws.com",
        "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", null, headers, body);

    assertThat(signed.canonicalRequest()).isEqualTo("POST\n"
        + "/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse\n"
        + "\n"
        + "content-type:application/json\n"
        + "host:bedrock-runtime.us-east-1.amazonaws.com\n"
        + "x-amz-content-sha256:" + SigV4Signer.sha256Hex(body) + "\n"
        + "x-amz-date:20150830T123600Z\n"
        + "\n"
        + "content-type;host;x-amz-content-sha256;x-amz-date\n"
        + SigV4Signer.sha256Hex(body));
    assertThat(signed.stringToSign()).startsWith("AWS4-HMAC-SHA256\n20150830T123600Z\n"
        + "20150830/us-east-1/bedrock/aws4_request\n");
    assertThat(signed.headers().get("authorization")).isEqualTo("AWS4-HMAC-SHA256"
        + " Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request,"
        + " SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=" + signed.signature());
    assertThat(signed.signature()).matches("[0-9a-f]{64}");
  }

  @Test
  void inferenceProfileArn_slashAndColonsAreEncodedTwiceInTheCanonicalUri() {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-v1:0";
    String wirePath = "/model/" + SigV4Signer.uriEncode(arn) + "/converse-stream";

    assertThat(wirePath).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile"
        + "%2Fus.anthropic.claude-3-7-sonnet-v1%3A0/converse-stream");
    assertThat(SigV4Signer.canonicalUri(wirePath)).isEqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1"
        + "%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-7-sonnet-v1%253A0/converse-stream");
  }

  @Test
  void canonicalUri_normalisesDotsAndEmptySegments() {
    assertThat(SigV4Signer.canonicalUri("")).isEqualTo("/");
    assertThat(SigV4Signer.canonicalUri("//")).isEqualTo("/");
    assertThat(SigV4Signer.canonicalUri("//example//")).isEqualTo("/example/");
    assertThat(SigV4Signer.canonicalUri("/example/..")).isEqualTo("/");
    assertThat(SigV4Signer.canonicalUri("/example1/example2/../..")).isEqualTo("/");
    assertThat(SigV4Signer.canonicalUri("/./example")).isEqualTo("/example");
  }

  @Test
  void canonicalQuery_decodesThenEncodesTheAwsWay() {
    assertThat(SigV4Signer.canonicalQuery("Param1=value2&Param1=Value1")).isEqualTo("Param1=Value1&Param1=value2");
    assertThat(SigV4Signer.canonicalQuery("a=b%20c&b=~-._&c=%2f&d")).isEqualTo("a=b%20c&b=~-._&c=%2F&d=");
  }

  @Test
  void headerValues_areTrimmedAndInnerSpacesCollapsed() {
    SigV4Signer.Signed signed = suite().signed("GET", SUITE_HOST, "/", null,
        Map.of("My-Header1", " value1", "My-Header2", " \"a   b   c\""), EMPTY);
    assertThat(signed.canonicalRequest()).contains("my-header1:value1\nmy-header2:\"a b c\"\n");
    // aws-sig-v4-test-suite get-header-value-trim
    assertThat(signed.signature()).isEqualTo("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
  }

  @Test
  void missingCredentials_areRefused_andToStringHidesThem() {
    assertThatThrownBy(() -> new SigV4Signer(KEY_ID, " ", null, "us-east-1", "bedrock", AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretAccessKey");
    assertThat(suite().toString()).doesNotContain(SECRET).doesNotContain(KEY_ID);
  }
}
