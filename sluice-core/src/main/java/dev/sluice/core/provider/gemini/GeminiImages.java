package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.Part;
import java.util.Locale;

/**
 * An image part in Gemini's shape: inline data as {@code inlineData {mimeType, data}}, a URL as
 * {@code fileData {mimeType, fileUri}}. {@code fileData} requires a MIME type and a URL carries none, so it is
 * guessed from the file extension; {@code image/jpeg} when there is none, the commonest photo type.
 * The {@code detail} hint (OpenAI's) has no Gemini counterpart and is dropped.
 */
final class GeminiImages {
  static final String DEFAULT_MIME_TYPE = "image/jpeg";

  private GeminiImages() {}

  static ObjectNode part(Part.Image image) {
    ObjectNode part = GeminiJson.MAPPER.createObjectNode();
    if (image.inline()) {
      part.putObject("inlineData").put("mimeType", image.mediaType()).put("data", image.data());
    } else {
      part.putObject("fileData").put("mimeType", mimeTypeOf(image.url())).put("fileUri", image.url());
    }
    return part;
  }

  static String mimeTypeOf(String url) {
    String path = url;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot < slash) {
      return DEFAULT_MIME_TYPE;
    }
    return switch (path.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "png" -> "image/png";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "heic" -> "image/heic";
      case "heif" -> "image/heif";
      case "pdf" -> "application/pdf";
      default -> DEFAULT_MIME_TYPE; // jpg, jpeg and anything unknown
    };
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
