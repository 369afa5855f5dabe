package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.Origin;
import dev.parley.core.Reaction;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private final ThreadId thread = ThreadId.random();
    private final UserId ann = UserId.random();
    private final UserId bob = UserId.random();

    private Message message(String text) {
        return new Message(41, MessageId.random(), thread, 7, "c-7", ann, Origin.USER, MessageKind.FILE, text,
                List.of(FileId.random()), bob, MessageId.random(), Instant.parse("2026-12-07T10:00:00.123456Z"),
                Instant.parse("2026-12-07T10:01:00Z"), null, List.of(new Reaction(bob, "👍")), "agent 7");
    }

    @Test
    void every_kind_of_event_crosses_whole() throws IOException {
        Message m = message("héllo \"world\"");
        List<CommittedEvent> events = List.of(
                new CommittedEvent(1, Set.of(ann, bob), new Event.MessageCreated(thread, m)),
                new CommittedEvent(2, Set.of(ann), new Event.MessageUpdated(thread, m)),
                new CommittedEvent(3, Set.of(bob), new Event.MessageDeleted(thread, m.id(), 7, false)),
                new CommittedEvent(4, Set.of(ann, bob), new Event.ReactionChanged(thread, m.id(), bob, "👍", true)),
                new CommittedEvent(5, Set.of(ann, bob), new Event.ReadMarked(thread, bob, 7)),
                new CommittedEvent(6, Set.of(ann, bob), new Event.MemberChanged(thread, bob,
                        Event.MemberChange.REMOVED)),
                new CommittedEvent(0, Set.of(ann), new Event.Typing(thread, bob)));

        List<byte[]> payloads = new EventCodec("node-a").encode(events);
        assertThat(payloads).hasSize(1);
        EventCodec.Batch batch = new EventCodec("node-b").decode(payloads.getFirst());

        assertThat(batch.node()).isEqualTo("node-a");
        assertThat(new EventCodec("node-a").fromHere(payloads.getFirst())).isTrue();
        assertThat(new EventCodec("node-b").fromHere(payloads.getFirst())).isFalse();
        assertThat(new EventCodec("node").fromHere(payloads.getFirst())).as("a prefix of another id").isFalse();
        assertThat(batch.events()).isEqualTo(events);
        assertThat(new String(payloads.getFirst(), StandardCharsets.UTF_8)).contains("\"" + ann + "\"");
    }

    @Test
    void a_large_batch_is_split_into_payloads_in_order() throws IOException {
        EventCodec codec = new EventCodec("node-a");
        List<CommittedEvent> events = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            events.add(new CommittedEvent(i, Set.of(ann), new Event.MessageCreated(thread, message("x".repeat(16_000)))));
        }
        List<byte[]> payloads = codec.encode(events);

        assertThat(payloads.size()).isGreaterThan(1);
        assertThat(payloads).allMatch(p -> p.length <= EventCodec.MAX_PAYLOAD_BYTES);
        List<CommittedEvent> back = new ArrayList<>();
        for (byte[] p : payloads) {
            back.addAll(codec.decode(p).events());
        }
        assertThat(back).isEqualTo(events);
    }

    @Test
    void a_payload_that_is_not_a_batch_is_refused() {
        EventCodec codec = new EventCodec("node-a");
        assertThatThrownBy(() -> codec.decode("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("node-b\n{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode(("node-b\n[{\"cursor\":1,\"audience\":[\"nope\"],"
                + "\"event\":{\"type\":\"read\",\"thread\":\"" + thread + "\",\"user\":\"" + ann + "\",\"seq\":1}}]")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }
}
