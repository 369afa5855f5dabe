package dev.parley.core;

import java.security.SecureRandom;
import java.util.UUID;

/** Making and reading the UUIDs behind the public ids. */
public final class Ids {
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
        UUID uuid = parse(text);
        if (uuid == null) {
            throw ParleyException.notFound(what);
        }
        return uuid;
    }

    /** Whether the text is a UUID as 8-4-4-4-12 ASCII hex digits (either case). */
    public static boolean isUuid(String text) {
        return parse(text) != null;
    }

    /**
     * The UUID written as 8-4-4-4-12 ASCII hex digits (either case), or null for any other text. Read
     * by hand, not with a regular expression and {@link UUID#fromString}: every id in every request
     * passes here (a tenth of the senders' CPU in the fan-out went to the two).
     */
    private static UUID parse(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int d = hex(c);
            if (d < 0) {
                return null;
            }
            if (digits++ < 16) {
                high = high << 4 | d;
            } else {
                low = low << 4 | d;
            }
        }
        return new UUID(high, low);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
