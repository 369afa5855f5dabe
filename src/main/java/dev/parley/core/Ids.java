package dev.parley.core;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

final class Ids {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /**
     * A version 7 UUID (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48 bits,
     * then 74 random bits from a {@link SecureRandom}. Still unguessable, but ids made one after the
     * other sort together, so an index on them grows at its end instead of touching a random page per
     * row (fewer pages written per commit on SQLite, fewer full-page images in PostgreSQL's WAL).
     */
    static UUID timeOrdered() {
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((r[0] & 0x0FL) << 8) | (r[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | ((r[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (r[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }

    static UUID uuid(String text, String what) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ParleyException.notFound(what);
        }
        return UUID.fromString(text);
    }

    static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }
}
