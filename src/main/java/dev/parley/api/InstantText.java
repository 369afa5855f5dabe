package dev.parley.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}'s text, made faster: every message on the wire carries its times, and
 * the formatter behind {@code toString} was a few percent of the fan-out's rendering. The date and
 * time of day up to the second are kept for the last second seen (messages come in bursts within one
 * second), and the fraction is written as {@code toString} writes it: none, or 3, 6 or 9 digits.
 * Instants outside years 1970–9999 go to {@code toString} itself.
 */
final class InstantText {
    /** 9999-12-31T23:59:59Z. */
    private static final long MAX_SECOND = 253_402_300_799L;

    private record Second(long epochSecond, String text) {}

    private static volatile Second last = new Second(0, "1970-01-01T00:00:00");

    private InstantText() {}

    static String of(Instant t) {
        long second = t.getEpochSecond();
        if (second < 0 || second > MAX_SECOND) {
            return t.toString();
        }
        Second s = last;
        if (s.epochSecond != second) {
            s = new Second(second, dateTime(second));
            last = s;
        }
        int nano = t.getNano();
        StringBuilder b = new StringBuilder(31).append(s.text);
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(b, nano / 1_000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static String dateTime(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(19);
        digits(b, t.getYear(), 4);
        digits(b.append('-'), t.getMonthValue(), 2);
        digits(b.append('-'), t.getDayOfMonth(), 2);
        digits(b.append('T'), t.getHour(), 2);
        digits(b.append(':'), t.getMinute(), 2);
        digits(b.append(':'), t.getSecond(), 2);
        return b.toString();
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static void digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
