package dev.parley.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Use cases about files: upload (streamed, size-capped, type detected from the bytes), download by
 * those who may see it, list a thread's files, and the rule for attaching files to messages.
 *
 * <p>Who may download a file: its uploader, the participants of a thread where a message (not deleted
 * for everyone) carries it, a visitor of such a support thread, and the server key. Anyone else gets
 * NOT_FOUND, the same as for a file that does not exist.
 */
public final class Files {
    private final FileStore store;
    private final BlobStore blobs;
    private final Access access;
    private final Limits limits;
    private final long maxUploadBytes;

    /** Bytes received and stored, not yet catalogued as a file (see {@link #register}). */
    public record Received(BlobStore.Stored blob, String contentType) {}

    /** A file the actor may download; {@link #open()} streams its bytes. */
    public record Download(StoredFile file, Optional<Path> localFile, BlobStore source) {
        public InputStream open() {
            return source.open(file.storageKey());
        }
    }

    public Files(FileStore store, BlobStore blobs, ThreadStore threads, Limits limits, long maxUploadBytes) {
        this.store = store;
        this.blobs = blobs;
        this.access = new Access(threads);
        this.limits = limits;
        this.maxUploadBytes = maxUploadBytes;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Uploads a file in one step: {@link #receive} then {@link #register}. */
    public StoredFile upload(Actor actor, String name, String declaredType, InputStream content) {
        return register(actor, receive(actor, content, declaredType), name);
    }

    /**
     * Streams the content to storage. More than the upload cap fails with TOO_LARGE as soon as the
     * cap is passed, without reading the rest. {@code declaredType} only tells apart formats that share
     * a container (see {@link ContentTypes}).
     */
    public Received receive(Actor actor, InputStream content, String declaredType) {
        uploader(actor);
        byte[] head = new byte[ContentTypes.HEAD];
        int n;
        try {
            n = content.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = ContentTypes.sniff(head, n, declaredType);
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), content);
        BlobStore.Stored stored = blobs.put(new BoundedInputStream(whole, maxUploadBytes));
        return new Received(stored, type);
    }

    /** Catalogues received bytes as a file of the acting user, under a sanitised name. */
    public StoredFile register(Actor actor, Received received, String name) {
        UserId uploader = uploader(actor);
        return store.create(new FileStore.NewFile(uploader, FileNames.sanitise(name), received.contentType(),
                received.blob().size(), received.blob().sha256(), received.blob().key()));
    }

    /** The file's description, if the actor may download it. */
    public StoredFile get(Actor actor, FileId id) {
        StoredFile file = store.file(id).orElseThrow(() -> ParleyException.notFound("file"));
        boolean allowed = switch (actor) {
            case Actor.Server s -> true;
            case Actor.Person p -> p.user().id().equals(file.uploader()) || store.visibleTo(id, p.user().id());
            case Actor.Visitor v -> {
                access.thread(actor, v.thread());
                yield store.postedIn(id, v.thread());
            }
        };
        if (!allowed) {
            throw ParleyException.notFound("file");
        }
        return file;
    }

    public Download download(Actor actor, FileId id) {
        StoredFile file = get(actor, id);
        return new Download(file, blobs.localFile(file.storageKey()), blobs);
    }

    /** The files posted in a thread, newest first, before a message seq. */
    public List<PostedFile> inThread(Actor actor, ThreadId thread, Long beforeSeq, Integer limit) {
        access.thread(actor, thread);
        if (beforeSeq != null) {
            Checks.nonNegative("before", beforeSeq);
        }
        UserId viewer = actor instanceof Actor.Person p ? p.user().id() : null;
        return store.inThread(thread, viewer, beforeSeq, limits.pageSize(limit, 50));
    }

    /** Files removed from the catalogue per step of a sweep (each step one write of the store). */
    static final int SWEEP_STEP = 500;
    /** Steps in one sweep at most; what is left waits for the next sweep. */
    static final int SWEEP_STEPS = 200;

    /**
     * Removes the uploads that no message carries and that were uploaded before {@code uploadedBefore}
     * (never attached, or detached when their message was deleted for everyone), and their bytes where
     * no other file has the same content. Bounded: at most {@value #SWEEP_STEP} × {@value #SWEEP_STEPS}
     * files per call. Returns how many files were removed.
     */
    public int sweepUnattached(Instant uploadedBefore) {
        int removed = 0;
        for (int step = 0; step < SWEEP_STEPS; step++) {
            FileStore.Removed done = store.removeUnattached(uploadedBefore, SWEEP_STEP);
            removeUnused(done.storageKeys(), uploadedBefore);
            removed += done.files();
            if (done.files() < SWEEP_STEP) {
                break;
            }
        }
        return removed;
    }

    /** Stored bytes looked at per call of {@link #sweepUnreferencedBytes}. */
    static final int BYTES_EXAMINED = 10_000;
    /** Where the last sweep of bytes stopped: each call goes on from there, round the whole store. */
    private String bytesMark = "";

    /**
     * Removes bytes that no catalogued file refers to and that were stored before {@code storedBefore}:
     * an upload whose catalogue row never came (its request failed after the bytes were stored, a
     * licomed attachment refused after its upload). Looks at {@value #BYTES_EXAMINED} stored keys per
     * call, going on from where the previous call stopped. Returns how many were removed.
     */
    public synchronized int sweepUnreferencedBytes(Instant storedBefore) {
        BlobStore.Keys page = blobs.keys(bytesMark, storedBefore, BYTES_EXAMINED);
        bytesMark = page.next() == null ? "" : page.next();
        return removeUnused(page.storedBefore(), storedBefore);
    }

    /**
     * Removes the bytes under those keys that no catalogued file uses (unless stored again since
     * {@code storedBefore}, see {@link BlobStore#remove}); returns how many keys no file used.
     */
    private int removeUnused(List<String> keys, Instant storedBefore) {
        if (keys.isEmpty()) {
            return 0;
        }
        Set<String> inUse = store.storageKeysInUse(keys);
        int removed = 0;
        for (String key : keys) {
            if (!inUse.contains(key)) {
                blobs.remove(key, storedBefore);
                removed++;
            }
        }
        return removed;
    }

    /** Only files the sender uploaded may be attached, each once; any other id is reported as unknown. */
    public Messages.AttachmentPolicy attachments() {
        return (sender, files) -> {
            if (new HashSet<>(files).size() != files.size()) {
                throw ParleyException.invalid("files", "a file is attached more than once");
            }
            Map<FileId, StoredFile> found = store.files(files);
            for (FileId id : files) {
                StoredFile file = found.get(id);
                if (file == null || !Objects.equals(file.uploader(), sender)) {
                    throw ParleyException.invalid("files", "unknown file " + id + ": attach files you uploaded");
                }
            }
        };
    }

    /** The uploader a file is recorded under: the user, or none for the server key. */
    private static UserId uploader(Actor actor) {
        return switch (actor) {
            case Actor.Person p -> p.user().id();
            case Actor.Server s -> null;
            case Actor.Visitor v -> throw ParleyException.forbidden("visitors cannot upload files");
        };
    }
}
