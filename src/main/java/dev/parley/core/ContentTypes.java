package dev.parley.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Detects a file's content type from its first bytes, against a short allow-list of magic numbers.
 * What the client declares is only used to tell apart formats that share one container (a .docx is a
 * ZIP). Anything not recognised, and anything a browser could run as markup or script (HTML, SVG, XML),
 * is {@code application/octet-stream}.
 */
public final class ContentTypes {
    /** How many leading bytes {@link #sniff} looks at. */
    public static final int HEAD = 512;

    public static final String OCTET_STREAM = "application/octet-stream";

    /** The image types a browser may show inline: bitmap formats only, never SVG. */
    public static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Formats that are ZIP containers, taken from the declared type when the bytes are a ZIP. */
    private static final Set<String> ZIP_BASED = Set.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "application/epub+zip");

    private ContentTypes() {}

    /** The detected type of content starting with {@code head[0..length)}. */
    public static String sniff(byte[] head, int length, String declared) {
        if (starts(head, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, length, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, length, 0, 'G', 'I', 'F', '8', '7', 'a') || starts(head, length, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (starts(head, length, 0, 'R', 'I', 'F', 'F') && starts(head, length, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        if (starts(head, length, 0, 'R', 'I', 'F', 'F') && starts(head, length, 8, 'W', 'A', 'V', 'E')) {
            return "audio/wav";
        }
        if (starts(head, length, 0, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (starts(head, length, 0, 'P', 'K', 0x03, 0x04) || starts(head, length, 0, 'P', 'K', 0x05, 0x06)) {
            String d = normalise(declared);
            return ZIP_BASED.contains(d) ? d : "application/zip";
        }
        if (starts(head, length, 0, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(head, length, 0, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        if (starts(head, length, 0, 'I', 'D', '3')) {
            return "audio/mpeg";
        }
        if (starts(head, length, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (starts(head, length, 4, 'f', 't', 'y', 'p')) {
            if (starts(head, length, 8, 'M', '4', 'A')) {
                return "audio/mp4";
            }
            if (starts(head, length, 8, 'q', 't')) {
                return "video/quicktime";
            }
            if (starts(head, length, 8, 'h', 'e', 'i', 'c') || starts(head, length, 8, 'm', 'i', 'f', '1')) {
                return "image/heic";
            }
            return "video/mp4";
        }
        if (length > 0 && isPlainText(head, length)) {
            return "text/plain";
        }
        return OCTET_STREAM;
    }

    /** Whether {@code contentType} may be shown inline by a browser. */
    public static boolean inline(String contentType) {
        return INLINE_IMAGES.contains(contentType);
    }

    /**
     * UTF-8 text with no control characters other than whitespace, that does not start like markup
     * (a browser ignoring the declared type could otherwise run it as HTML).
     */
    private static boolean isPlainText(byte[] head, int length) {
        int end = length;
        // The head may cut a multi-byte character: drop an incomplete sequence at the end.
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        if (end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0xC0) {
            int lead = head[end - back - 1] & 0xFF;
            int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
            if (back < need) {
                end = end - back - 1;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return false;
            }
            if (c == 0x7F) {
                return false;
            }
        }
        String start = text.stripLeading().replace("\uFEFF", "");
        return !start.startsWith("<");
    }

    private static boolean starts(byte[] head, int length, int offset, int... magic) {
        if (length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(String declared) {
        if (declared == null) {
            return "";
        }
        int semi = declared.indexOf(';');
        return (semi < 0 ? declared : declared.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
