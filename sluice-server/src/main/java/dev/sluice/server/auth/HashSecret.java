package dev.sluice.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The server secret under which virtual keys are hashed. Taken from {@code SLUICE_HASH_SECRET} (base64,
 * at least 32 bytes; every node of a cluster must share it), else from {@code <dataDir>/hash-secret},
 * created with 0600 permissions on first use. Losing it invalidates every issued key, so the README says
 * to back it up with the database.
 */
public final class HashSecret {
  public static final String ENV = "SLUICE_HASH_SECRET";
  static final String FILE = "hash-secret";

  private HashSecret() {}

  public static byte[] load(Path dataDir, Map<String, String> env) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      byte[] secret = decode(fromEnv.trim(), ENV);
      return requireLength(secret, ENV);
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        createFile(dataDir, file);
      }
      return requireLength(decode(Files.readString(file).trim(), file.toString()), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key-hash secret " + file, e);
    }
  }

  private static void createFile(Path dataDir, Path file) throws IOException {
    Files.createDirectories(dataDir);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return; // another process (the CLI next to the server) made it first: use theirs
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardOpenOption.WRITE);
  }

  private static byte[] decode(String base64, String where) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + " is not valid base64; generate one with: openssl rand -base64 32");
    }
  }

  private static byte[] requireLength(byte[] secret, String where) {
    if (secret.length < 32) {
      throw new IllegalStateException(where + " must hold at least 32 bytes; generate one with: openssl rand -base64 32");
    }
    return secret;
  }
}
