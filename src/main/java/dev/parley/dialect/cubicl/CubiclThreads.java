package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.ThreadView;
import dev.parley.core.Threads;
import dev.parley.core.UserId;
import dev.parley.web.Exchange;
import dev.parley.web.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/chat/threads}: the caller's threads, one thread, and creating a custom thread. */
final class CubiclThreads {
    private final Chat chat;

    CubiclThreads(Chat chat) {
        this.chat = chat;
    }

    /** The caller's threads, latest activity first ({@code limit}, {@code before}: Parley's paging). */
    Exchange.Reply list(Actor actor, Exchange ex) {
        int limit = chat.limits().pageSize(Params.integer("limit", ex.queryParam("limit")), 100);
        Long before = Params.longValue("before", ex.queryParam("before"));
        List<InboxView> views = chat.threads().inbox(actor, new ThreadStore.InboxQuery(false,
                before == null ? null : Instant.ofEpochMilli(before), limit));
        List<CubiclWire.ThreadRow> rows = new ArrayList<>();
        for (InboxView v : views) {
            rows.add(new CubiclWire.ThreadRow(v.thread(), chat.threads().members(actor, v.thread().id()),
                    v.inbox(), v.unread(), v.lastMessage()));
        }
        CubiclWire.Refs refs = refs(actor, rows);
        ArrayNode list = Json.MAPPER.createArrayNode();
        rows.forEach(r -> list.add(CubiclWire.thread(r, refs)));
        return new Exchange.Reply(200, list);
    }

    Exchange.Reply get(Actor actor, Exchange ex) {
        return new Exchange.Reply(200, render(actor, ThreadId.parse(ex.param("threadId"))));
    }

    /** Creates a custom thread: {@code name} and {@code users} (the caller is added as its owner). */
    Exchange.Reply create(Actor actor, Exchange ex) {
        ObjectNode body = Json.object(ex.body() == null ? "" : ex.body());
        String name = Params.string(body, "name");
        JsonNode list = body.get("users");
        if (list == null || !list.isArray()) {
            throw ParleyException.invalid("users", "users must be a list of user ids");
        }
        if (list.size() > chat.limits().maxMembers()) {
            throw ParleyException.tooLarge("users", "a thread has at most " + chat.limits().maxMembers() + " users");
        }
        List<UserId> members = new ArrayList<>();
        for (JsonNode item : list) {
            members.add(Params.user(chat, "users", item).id());
        }
        ThreadStore.Opened opened = chat.threads().create(actor,
                new Threads.CreateThread(ThreadKind.CUSTOM, name, null, null, null, members));
        return new Exchange.Reply(200, render(actor, opened.thread().id()));
    }

    /** One thread as the actor sees it, with its newest visible message. */
    ObjectNode render(Actor actor, ThreadId id) {
        ThreadView view = chat.threads().get(actor, id);
        List<Message> newest = chat.messages().history(actor, id, null, null, 1).messages();
        CubiclWire.ThreadRow row = new CubiclWire.ThreadRow(view.thread(), view.members(), view.inbox(),
                view.unread(), newest.isEmpty() ? null : newest.getLast());
        return CubiclWire.thread(row, refs(actor, List.of(row)));
    }

    private CubiclWire.Refs refs(Actor actor, List<CubiclWire.ThreadRow> rows) {
        Set<UserId> ids = new LinkedHashSet<>();
        List<Message> last = new ArrayList<>();
        for (CubiclWire.ThreadRow r : rows) {
            r.members().stream().map(Member::user).forEach(ids::add);
            if (r.lastMessage() != null) {
                last.add(r.lastMessage());
            }
        }
        return Params.refs(chat, actor, ids, last);
    }
}
