package dev.parley.api;

import dev.parley.core.User;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload cap is enforced while the body streams in: a 30 MiB body meets a 1 MiB cap long before its end. */
@Timeout(60)
class UploadLimitTest {
    static final int CAP = 1 << 20;
    static final long BODY = 30L << 20;
    static TestServer server;
    static FileClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_UPLOAD_BYTES", Integer.toString(CAP)));
        client = new FileClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_chunked_body_over_the_cap_gets_413_before_it_is_all_sent() throws Exception {
        User ann = client.user("limit-ann-" + System.nanoTime(), "Ann");
        long usedBefore = usedHeap();
        Sent sent = sendChunked(client.bearer(ann), BODY);
        assertThat(sent.status()).startsWith("HTTP/1.1 413");
        assertThat(sent.body()).contains("\"type\":\"https://parley.dev/problems/too-large\"");
        assertThat(sent.writtenWhenAnswered()).isLessThan(BODY / 2);
        // Nothing of the refused upload stays behind, and the heap did not take the body in.
        try (var parts = Files.list(server.dataDir().resolve("files").resolve("tmp"))) {
            assertThat(parts.count()).isZero();
        }
        assertThat(usedHeap() - usedBefore).isLessThan(BODY / 2);
    }

    @Test
    void a_declared_length_over_the_cap_is_refused_before_any_byte_is_read() throws Exception {
        User ann = client.user("limit-bob-" + System.nanoTime(), "Bob");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + client.bearer(ann)
                    + "\r\nContent-Type: " + Multipart.contentType() + "\r\nContent-Length: " + BODY
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void a_file_just_under_the_cap_is_accepted() {
        User ann = client.user("limit-cat-" + System.nanoTime(), "Cat");
        byte[] bytes = new byte[CAP];
        Arrays.fill(bytes, (byte) 7);
        TestServer.Answer ok = client.upload("/v1/files", client.bearer(ann),
                new Multipart().file("file", "full.bin", "application/octet-stream", bytes));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("size").asLong()).isEqualTo(CAP);

        byte[] over = new byte[CAP + 1];
        TestServer.Answer refused = client.upload("/v1/files", client.bearer(ann),
                new Multipart().file("file", "over.bin", "application/octet-stream", over));
        assertThat(refused.status()).isEqualTo(413);
    }

    record Sent(String status, String body, long writtenWhenAnswered) {}

    /** Streams a multipart body of {@code size} bytes with chunked encoding while reading the answer. */
    static Sent sendChunked(String authorization, long size) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            AtomicLong written = new AtomicLong();
            CompletableFuture<Sent> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        head.write(b);
                        if (head.size() == 12) {
                            break;
                        }
                    }
                    long at = written.get();
                    byte[] rest = readSome(in);
                    String all = head.toString(StandardCharsets.US_ASCII) + new String(rest, StandardCharsets.UTF_8);
                    return new Sent(all.substring(0, Math.min(12, all.length())), all, at);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: " + Multipart.contentType() + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, ("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            try {
                while (written.get() < size && !answer.isDone()) {
                    chunk(out, block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closedByServer) {
                // expected: the server answered and closed the connection
            }
            return answer.get(20, TimeUnit.SECONDS);
        }
    }

    static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static byte[] readSome(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.toString(StandardCharsets.UTF_8).contains("}")) {
                    break;
                }
            }
        } catch (IOException e) {
            // the connection was closed after the answer
        }
        return out.toByteArray();
    }

    static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
