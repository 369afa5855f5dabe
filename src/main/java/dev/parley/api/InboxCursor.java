package dev.parley.api;

import dev.parley.core.ParleyException;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The inbox list's page cursor ({@code next_before} / {@code before}): the last thread of a page, its
 * last activity and id, so threads sharing one activity time never fall between two pages. Clients
 * treat it as opaque; an ISO-8601 time is still accepted as {@code before} (what {@code next_before}
 * used to be) and means "last activity strictly before it".
 */
record InboxCursor(Instant activity, ThreadId thread) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String INVALID = "before must be the next_before of an earlier page (or an ISO-8601 UTC time)";

    /** The cursor that continues after {@code last}, the last thread of a page. */
    static String after(Thread last) {
        String plain = last.lastActivityAt() + " " + last.id();
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent, or null when it sent none. */
    static InboxCursor parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new InboxCursor(Instant.parse(text), null);
        } catch (DateTimeParseException notATime) {
            // an opaque cursor
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int space = plain.indexOf(' ');
            return new InboxCursor(Instant.parse(plain.substring(0, Math.max(space, 0))),
                    ThreadId.parse(plain.substring(space + 1)));
        } catch (IllegalArgumentException | DateTimeParseException | ParleyException e) {
            throw ParleyException.invalid("before", INVALID);
        }
    }

    ThreadStore.InboxQuery query(boolean archived, int limit) {
        return new ThreadStore.InboxQuery(archived, activity, thread, limit);
    }
}
