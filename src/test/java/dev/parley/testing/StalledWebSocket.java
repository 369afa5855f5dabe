package dev.parley.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket with a 4 KiB receive buffer, for slow-consumer tests: it
 * completes the upgrade, then reads only when told to, so what the server writes piles up on its side.
 * Text frames it sends are masked with a zero key.
 */
public final class StalledWebSocket implements AutoCloseable {
    /** What {@link #readUntilClose} saw: the data frames before the close, and its code (-1: none came). */
    public record Received(int frames, int closeCode) {}

    private final Socket socket;
    private final DataInputStream in;

    private StalledWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades {@code pathAndQuery} on 127.0.0.1:{@code port}; fails unless the answer is 101. */
    public static StalledWebSocket open(int port, String pathAndQuery) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4_096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        String upgrade = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                s.close();
                throw new EOFException("upgrade response cut short: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("upgrade refused: " + head);
        }
        return new StalledWebSocket(s);
    }

    /** Sends one text frame, masked as a client must (with a zero key, which leaves the payload as it is). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            throw new IllegalArgumentException("frame too long for this helper: " + payload.length);
        }
        frame.write(new byte[4]);
        frame.write(payload);
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** One server frame (unmasked): its payload, with the opcode in front. */
    public byte[] readFrame() throws IOException {
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

    /** Reads server frames until a close frame or the end of the stream. */
    public Received readUntilClose() throws IOException {
        int frames = 0;
        try {
            while (true) {
                byte[] frame = readFrame();
                if (frame[0] == 0x8) {
                    int code = frame.length >= 3 ? ((frame[1] & 0xff) << 8) | (frame[2] & 0xff) : 1005;
                    return new Received(frames, code);
                }
                frames++;
            }
        } catch (EOFException e) {
            return new Received(frames, -1);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
