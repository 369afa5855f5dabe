package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.ParleyException;
import dev.parley.web.PythonTypes;
import dev.parley.core.Thread;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.Threads;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.web.Exchange;
import dev.parley.web.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /chats/threads/}: the caller's threads, and creating one. */
final class TsyncThreads {
    private final Chat chat;

    TsyncThreads(Chat chat) {
        this.chat = chat;
    }

    /** The caller's threads, latest activity first; {@code next} links the older ones. */
    Exchange.Reply list(Actor actor, Exchange ex) {
        Integer requested = Fields.intParam("page_size", ex.queryParam("page_size"));
        int size = chat.limits().pageSize(requested, 50);
        Instant before = instant("before", ex.queryParam("before"));
        List<InboxView> views = chat.threads().inbox(actor, new ThreadStore.InboxQuery(false, before, size));
        List<List<Member>> members = new ArrayList<>();
        for (InboxView v : views) {
            members.add(chat.threads().members(actor, v.thread().id()));
        }
        Map<UserId, User> users = users(members);
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (int i = 0; i < views.size(); i++) {
            results.add(TsyncWire.thread(views.get(i).thread(), members.get(i), users));
        }
        String next = null;
        if (views.size() == size) {
            next = ex.baseUrl() + ex.path() + "?before="
                    + URLEncoder.encode(TsyncWire.time(views.getLast().thread().lastActivityAt()), StandardCharsets.UTF_8)
                    + (requested == null ? "" : "&page_size=" + size);
        }
        return new Exchange.Reply(200, TsyncWire.page(results, next));
    }

    Exchange.Reply get(Actor actor, Exchange ex) {
        Thread thread = chat.threads().requireByKey(actor, key(ex.param("id")));
        return new Exchange.Reply(200, render(actor, thread));
    }

    /**
     * Creates a thread. Two people and no reference order: the pair's one direct thread, which every
     * dialect shares (an existing one is returned). Otherwise a thread of its own among the
     * participants (and the caller), bound to the reference order. A repeated tsync_id returns the
     * thread first created with it (200 instead of 201).
     */
    Exchange.Reply create(Actor actor, Exchange ex) {
        JsonNode body = Fields.body(ex.body());
        String tsyncId = Fields.string(body, "tsync_id", false);
        List<User> participants = participants(body.get("participants"));
        String reference = referenceOrder(body.get("reference_order"));
        Set<UserId> everyone = new LinkedHashSet<>();
        if (actor instanceof Actor.Person p) {
            everyone.add(p.user().id());
        }
        participants.forEach(u -> everyone.add(u.id()));
        boolean direct = everyone.size() == 2 && reference == null;
        Actor creator = direct && actor instanceof Actor.Server ? Actor.of(participants.getFirst()) : actor;
        List<UserId> members = participants.stream().map(User::id).distinct().toList();
        ThreadStore.Opened opened = chat.threads().create(creator, new Threads.CreateThread(
                direct ? ThreadKind.DIRECT : ThreadKind.CUSTOM, null, null, reference, null, members, tsyncId));
        Thread thread = chat.threads().require(actor, opened.thread().id());
        return new Exchange.Reply(opened.created() ? 201 : 200, render(actor, thread));
    }

    private JsonNode render(Actor actor, Thread thread) {
        List<Member> members = chat.threads().members(actor, thread.id());
        return TsyncWire.thread(thread, members, users(List.of(members)));
    }

    private Map<UserId, User> users(Collection<List<Member>> memberLists) {
        Set<UserId> ids = new LinkedHashSet<>();
        memberLists.forEach(list -> list.forEach(m -> ids.add(m.user())));
        return ids.isEmpty() ? new HashMap<>() : chat.users().all(ids);
    }

    private List<User> participants(JsonNode list) {
        if (list == null || list.isNull()) {
            throw ParleyException.invalid("participants", list == null ? Fields.REQUIRED : Fields.NOT_NULL);
        }
        if (!list.isArray()) {
            throw ParleyException.invalid("participants",
                    "Expected a list of items but got type \"" + PythonTypes.of(list) + "\".");
        }
        if (list.isEmpty()) {
            throw ParleyException.invalid("participants", "This list may not be empty.");
        }
        if (list.size() > chat.limits().maxMembers()) {
            throw ParleyException.invalid("participants",
                    "Ensure this field has no more than " + chat.limits().maxMembers() + " elements.");
        }
        List<User> users = new ArrayList<>();
        for (JsonNode item : list) {
            String ref = Fields.userRef("participants", item);
            users.add(chat.users().find(ref).orElseThrow(() -> ParleyException.invalid("participants",
                    "Invalid pk \"" + ref + "\" - object does not exist.")));
        }
        return users;
    }

    private static String referenceOrder(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        Long pk = Fields.pkOf(v);
        if (pk == null) {
            throw ParleyException.invalid("reference_order",
                    "Incorrect type. Expected pk value, received " + PythonTypes.of(v) + ".");
        }
        return pk.toString();
    }

    /** An integer id from the path; anything else is a thread that does not exist. */
    static long key(String text) {
        if (!Fields.isDigits(text)) {
            throw ParleyException.notFound("thread");
        }
        return Long.parseLong(text);
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ParleyException.invalid(field, "Datetime has wrong format.");
        }
    }
}
