package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class WsSlowConsumerTest {
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_WS_QUEUE_FRAMES", "16",
                "PARLEY_WS_FRAMES_PER_SECOND", "100000", "PARLEY_WS_FRAME_BURST", "100000"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Completes a WebSocket upgrade on a plain socket with a tiny receive buffer, then reads nothing. */
    private static Socket stalledClient(String token) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4_096);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout(30_000);
        String upgrade = "GET " + WsModule.PATH + "?token=" + token + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("upgrade response cut short: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        // Registered with the hub once ready arrives; from here on the client reads nothing.
        assertThat(new String(readFrame(new DataInputStream(in)), StandardCharsets.UTF_8)).contains("\"ready\"");
        return s;
    }

    /** One server frame (unmasked): its payload, with the opcode in front. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] frame = new byte[(int) len + 1];
        frame[0] = (byte) (b0 & 0x0f);
        in.readFully(frame, 1, (int) len);
        return frame;
    }

    /** Reads server frames until a close frame; returns its code, or -1 at the end of the stream. */
    private static int readUntilClose(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            while (true) {
                byte[] frame = readFrame(in);
                if (frame[0] == 0x8) {
                    return frame.length >= 3 ? ((frame[1] & 0xff) << 8) | (frame[2] & 0xff) : 1005;
                }
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    @Test
    void a_client_that_stops_reading_is_closed_with_4008_and_the_server_stays_healthy() throws Exception {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        String big = "x".repeat(15_000);
        try (Socket stalled = stalledClient(fx.token(ann)); WsClient b = fx.connect(bob)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int sent = 0;
            while (server.server().hub().online(ann.id())) {
                assertThat(System.nanoTime()).as("ann dropped within 30 s").isLessThan(deadline);
                for (int i = 0; i < 20; i++, sent++) {
                    b.sendAsync(WsClient.frame("send").put("id", sent).put("thread", room.toString()).put("text", big));
                }
                b.flush();
                int acks = 0;
                while (acks < 20) {
                    JsonNode f = b.next(Duration.ofSeconds(20));
                    if (f.path("type").asText().equals("ack")) {
                        acks++;
                    }
                }
            }

            assertThat(readUntilClose(stalled)).isEqualTo(CloseCodes.SLOW_CONSUMER);
            b.drain();
            b.send(WsClient.frame("ping").put("id", "alive"));
            assertThat(b.until("pong").path("id").asText()).isEqualTo("alive");
        }
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        try (WsClient again = fx.connect(ann)) {
            again.send(WsClient.frame("ping"));
            again.next("pong");
        }
    }
}
