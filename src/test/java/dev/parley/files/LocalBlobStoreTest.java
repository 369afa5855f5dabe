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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    void removing_takes_bytes_stored_before_the_time_given_and_keeps_bytes_stored_again_since() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        String old = store.put(new ByteArrayInputStream("old".getBytes())).key();
        String fresh = store.put(new ByteArrayInputStream("fresh".getBytes())).key();
        Files.setLastModifiedTime(dir.resolve(old.substring(0, 2)).resolve(old),
                FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));

        store.remove(old, cutoff);
        store.remove(fresh, cutoff); // an upload of the same content is under way: its bytes stay
        store.remove(old, cutoff); // nothing there any more: not an error

        assertThatThrownBy(() -> store.open(old)).isInstanceOf(ParleyException.class);
        try (InputStream in = store.open(fresh)) {
            assertThat(in.readAllBytes()).isEqualTo("fresh".getBytes());
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThatThrownBy(() -> store.remove("../../etc/passwd", cutoff)).isInstanceOf(ParleyException.class);
    }

    @Test
    void keys_come_in_order_a_page_at_a_time_with_those_stored_before_the_time_given() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        List<String> old = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String key = store.put(new ByteArrayInputStream(("blob " + i).getBytes())).key();
            all.add(key);
            if (i % 2 == 0) {
                Files.setLastModifiedTime(dir.resolve(key.substring(0, 2)).resolve(key),
                        FileTime.from(Instant.now().minus(Duration.ofDays(2))));
                old.add(key);
            }
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));

        List<String> found = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        String after = "";
        for (int page = 0; page < 10 && after != null; page++) {
            BlobStore.Keys keys = store.keys(after, cutoff, 3);
            found.addAll(keys.storedBefore());
            after = keys.next();
            marks.add(after);
        }

        assertThat(found).isSorted().containsExactlyInAnyOrderElementsOf(old);
        assertThat(marks).hasSize(3).endsWith((String) null);
        assertThat(marks.get(0)).isEqualTo(all.stream().sorted().toList().get(2));
    }

    @Test
    void a_removal_cut_short_is_finished_at_the_next_start() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        String kept = store.put(new ByteArrayInputStream("kept".getBytes())).key();
        String stored = store.put(new ByteArrayInputStream("stored again".getBytes())).key();
        // Moved aside, then the process stopped: one with nothing in its place, one stored again since.
        Files.move(dir.resolve(kept.substring(0, 2)).resolve(kept), dir.resolve("tmp").resolve("remove-" + kept + "-x"));
        Files.copy(dir.resolve(stored.substring(0, 2)).resolve(stored),
                dir.resolve("tmp").resolve("remove-" + stored + "-y"));

        LocalBlobStore restarted = new LocalBlobStore(dir);

        try (InputStream in = restarted.open(kept)) {
            assertThat(in.readAllBytes()).isEqualTo("kept".getBytes());
        }
        try (InputStream in = restarted.open(stored)) {
            assertThat(in.readAllBytes()).isEqualTo("stored again".getBytes());
        }
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
