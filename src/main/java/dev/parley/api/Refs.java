package dev.parley.api;

import dev.parley.core.MessageId;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.core.UserId;

import java.util.ArrayList;
import java.util.List;

/**
 * References in requests turned into core ids. The native API accepts a user's Parley id or their
 * external id wherever it takes a user; an unknown user in a path is NOT_FOUND, in a body INVALID
 * naming the field. Malformed thread and message ids are simply not found (the core's parsers).
 */
final class Refs {
    private Refs() {}

    /** The user a path segment names ({@code {id}}: Parley id or external id). */
    static User pathUser(Call call, String ref) {
        return call.chat().users().find(ref).orElseThrow(() -> ParleyException.notFound("user"));
    }

    /** The user a body field names, or null when the field is absent. */
    static UserId bodyUser(Call call, String field) {
        String ref = call.text(field);
        return ref == null ? null : resolve(call, ref, field);
    }

    /** The users a body array names, or null when the field is absent. */
    static List<UserId> bodyUsers(Call call, String field) {
        List<String> refs = call.strings(field, call.chat().limits().maxMembers());
        if (refs == null) {
            return null;
        }
        List<UserId> ids = new ArrayList<>(refs.size());
        for (String ref : refs) {
            ids.add(resolve(call, ref, field));
        }
        return ids;
    }

    private static UserId resolve(Call call, String ref, String field) {
        return call.chat().users().find(ref).map(User::id)
                .orElseThrow(() -> ParleyException.invalid(field, "unknown user " + shorten(ref)));
    }

    static ThreadId thread(Call call) {
        return ThreadId.parse(call.path("id"));
    }

    static MessageId message(Call call) {
        return MessageId.parse(call.path("id"));
    }

    /** A message id in a body field; a malformed one is INVALID naming the field. */
    static MessageId bodyMessage(Call call, String field) {
        String text = call.text(field);
        if (text == null) {
            return null;
        }
        try {
            return MessageId.parse(text);
        } catch (ParleyException e) {
            throw ParleyException.invalid(field, field + " is not a message id");
        }
    }

    /** Echoes at most 64 characters of client input in an error detail. */
    static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
