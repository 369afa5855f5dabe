package dev.parley.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Fills in missing secrets. In production a missing API key or JWT secret stops startup; in dev mode
 * they are generated once, stored in {@code <data dir>/secrets.properties} (owner-only) and printed to
 * the console the first time, never to the log.
 */
final class Secrets {
    private static final int MIN_SECRET_BYTES = 32;

    private Secrets() {}

    static Config complete(Config config) {
        if (config.production()) {
            if (config.apiKey() == null || config.jwtSecret() == null) {
                throw new IllegalStateException(
                        "production mode needs PARLEY_API_KEY and PARLEY_JWT_SECRET; set both and start again");
            }
            requireStrong(config.jwtSecret());
            return config;
        }
        if (config.apiKey() != null && config.jwtSecret() != null) {
            requireStrong(config.jwtSecret());
            return config;
        }
        Path file = config.dataDir().resolve("secrets.properties");
        Properties stored = load(file);
        boolean generated = false;
        String apiKey = config.apiKey() != null ? config.apiKey() : stored.getProperty("PARLEY_API_KEY");
        String jwtSecret = config.jwtSecret() != null ? config.jwtSecret() : stored.getProperty("PARLEY_JWT_SECRET");
        if (apiKey == null) {
            apiKey = random();
            stored.setProperty("PARLEY_API_KEY", apiKey);
            generated = true;
        }
        if (jwtSecret == null) {
            jwtSecret = random();
            stored.setProperty("PARLEY_JWT_SECRET", jwtSecret);
            generated = true;
        }
        requireStrong(jwtSecret);
        if (generated) {
            save(file, stored);
            System.out.println("""
                    Parley dev mode: generated secrets, stored in %s (shown only this once)
                      PARLEY_API_KEY=%s
                      PARLEY_JWT_SECRET=%s""".formatted(file, stored.getProperty("PARLEY_API_KEY", "(from env)"),
                    stored.getProperty("PARLEY_JWT_SECRET", "(from env)")));
        }
        return config.withSecrets(apiKey, jwtSecret);
    }

    private static void requireStrong(String jwtSecret) {
        if (jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("PARLEY_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes for HS256");
        }
    }

    private static String random() {
        byte[] bytes = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return props;
    }

    private static void save(Path file, Properties props) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Parley dev-mode secrets");
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
