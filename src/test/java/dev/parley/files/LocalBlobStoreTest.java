package dev.parley.files;

import dev.parley.core.BlobStore;
import dev.parley.core.ParleyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void content_is_stored_under_its_sha256_and_read_back() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        BlobStore.Stored stored = store.put(new ByteArrayInputStream("abc".getBytes()));
        assertThat(stored.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(stored.key()).isEqualTo(stored.sha256());
        assertThat(stored.size()).isEqualTo(3);
        assertThat(dir.resolve("ba").resolve(stored.key())).hasContent("abc");
        try (InputStream in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).isEqualTo("abc".getBytes());
        }
        assertThat(store.put(new ByteArrayInputStream("abc".getBytes())).key()).isEqualTo(stored.key());
    }

    @Test
    void a_failing_stream_leaves_nothing_behind() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() {
                if (n++ > 100_000) {
                    throw ParleyException.tooLarge("file", "too large");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put(failing)).isInstanceOf(ParleyException.class);
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void keys_that_are_not_hashes_are_never_paths() {
        LocalBlobStore store = new LocalBlobStore(dir);
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> store.open("0".repeat(64))).isInstanceOf(ParleyException.class);
    }
}
