package dev.parley.web;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Vert.x stream of request bytes read as a blocking {@link InputStream} on a virtual thread, with
 * back-pressure: past {@link #HIGH} bytes waiting, the source is paused until the reader has drained
 * them below {@link #LOW}. So an upload never sits in memory beyond about {@code HIGH} bytes, however
 * large it is. A reader that waits longer than the idle timeout for the next bytes fails.
 */
final class UploadStream extends InputStream {
    static final long HIGH = 1 << 20;
    static final long LOW = 256 << 10;
    private static final Object END = new Object();

    private final ReadStream<Buffer> source;
    private final Context context;
    private final long idleMillis;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean abandoned;
    private byte[] current;
    private int position;
    private boolean ended;

    /** Takes over {@code source}'s handlers; call on its Vert.x context. */
    UploadStream(ReadStream<Buffer> source, Context context, long idleMillis) {
        this.source = source;
        this.context = context;
        this.idleMillis = idleMillis;
        source.handler(this::onData);
        source.endHandler(v -> queue.add(END));
        source.exceptionHandler(queue::add);
    }

    private void onData(Buffer buffer) {
        if (abandoned) {
            return;
        }
        queue.add(buffer.getBytes());
        if (waiting.addAndGet(buffer.length()) > HIGH && paused.compareAndSet(false, true)) {
            source.pause();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (ended) {
                return -1;
            }
            if (abandoned) {
                throw new IOException("upload abandoned");
            }
            Object next;
            try {
                next = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                java.lang.Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the upload", e);
            }
            if (next == null) {
                throw new IOException("the upload stalled");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                throw new IOException("the upload failed: " + t.getMessage(), t);
            }
            current = (byte[]) next;
            position = 0;
            if (waiting.addAndGet(-current.length) < LOW && paused.compareAndSet(true, false)) {
                context.runOnContext(v -> source.resume());
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, n);
        position += n;
        return n;
    }

    /** The reader is done early: drop what is waiting and let the rest of the upload drain unread. */
    @Override
    public void close() {
        abandon();
    }

    void abandon() {
        if (abandoned) {
            return;
        }
        abandoned = true;
        queue.clear();
        // Wakes a reader waiting for bytes that will not come.
        queue.add(new IOException("upload abandoned"));
        waiting.set(0);
        if (paused.compareAndSet(true, false)) {
            context.runOnContext(v -> source.resume());
        }
    }
}
