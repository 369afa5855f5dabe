package dev.parley.bench;

import io.vertx.core.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The least a durable chat server must do before it acks and broadcasts a message: append it to a log
 * and {@code fdatasync} the log, many messages per sync (group commit), on one thread. The durable
 * ceiling's {@link BaselineServer} runs every send through it, so the bench can tell how much of
 * Parley's fan-out latency any server that keeps its messages would pay on this machine, and how much
 * is Parley's own.
 *
 * <p>The log is a preallocated file written round and round, as SQLite reuses its write-ahead log after
 * a checkpoint, so a sync flushes data, not a growing file's size. Records are never read back.
 */
final class GroupLog implements AutoCloseable {
    /** What to do once a record is durable: runs on {@code context}, the sender's event loop. */
    record Entry(byte[] record, Context context, Runnable then) {}

    /** How a written group is made durable: {@code fdatasync}, or a test's stand-in around it. */
    interface Sync {
        void sync(FileChannel channel) throws IOException;
    }

    /** The log file's size: written round and round. */
    static final long SIZE = 64L * 1024 * 1024;
    private static final int MAX_GROUP = 4_096;

    private final Path dir;
    private final long size;
    private final Sync sync;
    private final FileChannel channel;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(65_536);
    private final Thread thread;
    private volatile boolean closed;
    private long position;

    GroupLog(Path dir) throws IOException {
        this(dir, SIZE, channel -> channel.force(false));
    }

    /** A log of {@code size} bytes in {@code dir}, an empty directory that is deleted on close. */
    GroupLog(Path dir, long size, Sync sync) throws IOException {
        this.dir = dir;
        this.size = size;
        this.sync = sync;
        Path file = dir.resolve("log");
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < size; at += zeros.capacity()) {
            channel.write(zeros.clear(), at);
        }
        channel.force(true);
        this.thread = Thread.ofPlatform().name("baseline-log").daemon().unstarted(this::loop);
        thread.start();
    }

    /** Queues a record; {@code then} runs on {@code context} once the record is synced to disk. */
    void append(String record, Context context, Runnable then) {
        Entry entry = new Entry((record + "\n").getBytes(StandardCharsets.UTF_8), context, then);
        try {
            if (!queue.offer(entry, 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the log's queue stayed full for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void loop() {
        List<Entry> group = new ArrayList<>();
        while (!closed) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
                sync.sync(channel);
                release(group);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                throw new UncheckedIOException(e);
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Entry> group) throws IOException {
        int bytes = group.stream().mapToInt(e -> e.record.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        group.forEach(e -> buffer.put(e.record));
        buffer.flip();
        if (position + bytes > size) {
            position = 0;
        }
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /** One task per event loop with the group's records in commit order. */
    private static void release(List<Entry> group) {
        Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();
        for (Entry e : group) {
            byContext.computeIfAbsent(e.context, c -> new ArrayList<>()).add(e.then);
        }
        byContext.forEach((context, tasks) -> context.runOnContext(v -> tasks.forEach(Runnable::run)));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
        Files.deleteIfExists(dir.resolve("log"));
        Files.deleteIfExists(dir);
    }
}
