package dev.parley.files;

import dev.parley.core.BlobStore;
import dev.parley.core.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link BlobStore} on local disk, content-addressed: the bytes of a file live at
 * {@code <root>/<first two hex digits>/<sha256>}. A put streams into a temporary file under
 * {@code <root>/tmp} (same file system), forces it to disk, then moves it into place atomically, so a
 * reader never sees a partial file and a crash leaves at most a stray temporary file (removed at the
 * next start once it is an hour old).
 */
public final class LocalBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(LocalBlobStore.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final int CHUNK = 64 * 1024;

    private final Path root;
    private final Path tmp;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store under " + this.root, e);
        }
        removeStale(Duration.ofHours(1));
    }

    /** The store under a data directory: {@code <dataDir>/files}. */
    public static LocalBlobStore under(Path dataDir) {
        return new LocalBlobStore(dataDir.resolve("files"));
    }

    @Override
    public Stored put(InputStream content) {
        Path temp;
        try {
            temp = Files.createTempFile(tmp, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file", e);
        }
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = content;
             FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                size += n;
            }
            out.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
        String key = HexFormat.of().formatHex(sha.digest());
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            // Same content, same key: a file already in place holds these very bytes.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot store the file", e);
        }
        return new Stored(key, key, size);
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(existing(key));
        } catch (NoSuchFileException e) {
            throw ParleyException.notFound("file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file is first moved aside (atomically), then its time is read: bytes that were stored again
     * since {@code storedBefore} (a put of the same content moves a fresh file into place) go back,
     * unless a put has put them back already; a put that lands after the move aside simply stores them
     * again. So bytes a recent upload relies on are never lost to a removal racing it.
     */
    @Override
    public void remove(String key, Instant storedBefore) {
        Path target = existing(key);
        Path aside = tmp.resolve("remove-" + key + "-" + java.util.UUID.randomUUID());
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the file " + key, e);
        }
        try {
            if (!Files.getLastModifiedTime(aside).toInstant().isBefore(storedBefore)) {
                try {
                    Files.move(aside, target);
                    return;
                } catch (FileAlreadyExistsException alreadyBack) {
                    // a put stored the same bytes again meanwhile: the copy aside is not needed
                }
            }
            Files.delete(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the file " + key, e);
        }
    }

    /** Walks the two-hex-digit folders in order, then each folder's keys in order. */
    @Override
    public Keys keys(String after, Instant storedBefore, int examine) {
        List<String> old = new ArrayList<>();
        String last = null;
        int examined = 0;
        String fromPrefix = after.length() >= 2 ? after.substring(0, 2) : "";
        for (int p = 0; p < 256; p++) {
            String prefix = String.format("%02x", p);
            if (prefix.compareTo(fromPrefix) < 0) {
                continue;
            }
            Path dir = root.resolve(prefix);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> names;
            try (var listing = Files.list(dir)) {
                names = listing.map(f -> f.getFileName().toString())
                        .filter(n -> KEY.matcher(n).matches() && n.compareTo(after) > 0).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            for (String key : names) {
                if (examined == examine) {
                    return new Keys(old, last);
                }
                examined++;
                last = key;
                try {
                    if (Files.getLastModifiedTime(dir.resolve(key)).toInstant().isBefore(storedBefore)) {
                        old.add(key);
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new Keys(old, null);
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path path = existing(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private Path existing(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ParleyException.notFound("file");
        }
        return path(key);
    }

    private Path path(String key) {
        return root.resolve(key.substring(0, 2)).resolve(key);
    }

    private void removeStale(Duration age) {
        Instant cutoff = Instant.now().minus(age);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "upload-*.part")) {
            for (Path part : parts) {
                if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff)) {
                    deleteQuietly(part);
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", tmp, e.getMessage());
        }
        // A removal stopped between its move aside and its end: the bytes go back where nothing holds
        // their place (they may have been meant to stay), else they go.
        try (DirectoryStream<Path> asides = Files.newDirectoryStream(tmp, "remove-*")) {
            for (Path aside : asides) {
                String name = aside.getFileName().toString();
                String key = name.length() >= 71 ? name.substring(7, 71) : "";
                try {
                    if (KEY.matcher(key).matches() && !Files.exists(path(key))) {
                        Files.move(aside, path(key));
                    } else {
                        Files.delete(aside);
                    }
                } catch (IOException e) {
                    log.warn("cannot clean {}: {}", aside, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", tmp, e.getMessage());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
