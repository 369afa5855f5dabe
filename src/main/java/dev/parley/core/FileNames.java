package dev.parley.core;

import java.text.Normalizer;

/**
 * Makes a client-given file name safe to store and show: the last path segment only, NFC, no control,
 * format (bidirectional overrides, zero-width) or line-break characters, none of {@code <>:"/\|?*},
 * no leading or trailing dots and spaces, at most {@link #MAX} characters (the extension kept).
 * The name is never used as a path: bytes are stored by content hash.
 */
public final class FileNames {
    public static final int MAX = 200;
    public static final String FALLBACK = "file";

    private FileNames() {}

    public static String sanitise(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                return;
            }
            if ("<>:\"/\\|?*".indexOf(cp) >= 0) {
                out.append('_');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().replaceAll(" {2,}", " ");
        cleaned = strip(cleaned);
        if (cleaned.codePointCount(0, cleaned.length()) > MAX) {
            cleaned = shorten(cleaned);
        }
        return cleaned.isEmpty() ? FALLBACK : cleaned;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '.' || s.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Cuts the stem, keeping a short extension, on code point boundaries. */
    private static String shorten(String s) {
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        String stem = ext.isEmpty() ? s : s.substring(0, dot);
        int keep = MAX - ext.codePointCount(0, ext.length());
        int cut = stem.offsetByCodePoints(0, Math.min(keep, stem.codePointCount(0, stem.length())));
        return strip(stem.substring(0, cut)) + ext;
    }
}
