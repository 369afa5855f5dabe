package dev.parley.web;

import dev.parley.core.ContentTypes;
import dev.parley.core.StoredFile;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * The headers every file download carries, whichever transport serves it: the detected type,
 * {@code nosniff}, a sandboxing CSP, and a {@code Content-Disposition} that is {@code attachment}
 * (inline only for bitmap images whose bytes were recognised) with the name encoded per RFC 6266 /
 * RFC 5987: an ASCII fallback in {@code filename} and the exact name in {@code filename*}.
 */
public final class FileHeaders {
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private FileHeaders() {}

    public static void apply(HttpServerResponse response, StoredFile file) {
        response.putHeader("Content-Type", file.contentType());
        response.putHeader("X-Content-Type-Options", "nosniff");
        response.putHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        response.putHeader("Content-Disposition", disposition(file));
        response.putHeader("Cache-Control", "private, max-age=31536000, immutable");
        response.putHeader("ETag", etag(file));
        response.putHeader("Referrer-Policy", "no-referrer");
    }

    public static String etag(StoredFile file) {
        return "\"" + file.sha256() + "\"";
    }

    public static String disposition(StoredFile file) {
        String type = ContentTypes.inline(file.contentType()) ? "inline" : "attachment";
        return type + "; filename=\"" + asciiFallback(file.name()) + "\"; filename*=UTF-8''" + encode(file.name());
    }

    /** The name with anything outside printable ASCII, and quotes and backslashes, replaced by '_'. */
    static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\' && cp != '%'
                ? (char) cp : '_'));
        return out.toString();
    }

    /** RFC 5987 {@code value-chars}: attr-char as is, every other UTF-8 byte as %XX. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ATTR_CHARS.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
