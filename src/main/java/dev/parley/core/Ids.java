package dev.parley.core;

import java.util.UUID;
import java.util.regex.Pattern;

final class Ids {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

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
