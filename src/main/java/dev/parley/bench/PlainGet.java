package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A sequential GET client whose request is written and whose answer is read on the calling thread:
 * the JDK's {@link HttpURLConnection}, HTTP/1.1, with its kept-alive connection reused from one read
 * to the next. The JDK's {@code HttpClient} hands each request to its selector thread and the answer
 * back through an executor, two thread hops that each wait for a core on a loaded two-core machine;
 * the history reads measure one request at a time, where those waits are much of the tail. Answers
 * are read whole, so the time covers the last byte. The kept-alive connection is the JDK's to close
 * (it idles out); nothing is held here.
 */
final class PlainGet {
    private static final int TIMEOUT_MS = 30_000;

    private final String base;

    PlainGet(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A GET whose status must be 200; returns the body's length in bytes. */
    int get(String path, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setConnectTimeout(TIMEOUT_MS);
        c.setReadTimeout(TIMEOUT_MS);
        c.setRequestProperty("Authorization", "Bearer " + bearer);
        int status = c.getResponseCode();
        // Reading a body to its end and closing its stream gives the connection back for the next read.
        try (InputStream body = status == 200 ? c.getInputStream() : c.getErrorStream()) {
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            if (status != 200) {
                throw new Rest.Refused("GET " + path, status, new String(bytes, StandardCharsets.UTF_8));
            }
            return bytes.length;
        }
    }
}
