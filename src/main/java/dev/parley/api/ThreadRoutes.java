package dev.parley.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Inbox;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.Threads;
import dev.parley.core.UserId;
import dev.parley.web.Json;

import java.util.List;
import java.util.Locale;

/** {@code /v1/threads}: my inbox, creating threads, membership, read state and history. */
final class ThreadRoutes {
    static final int DEFAULT_PAGE = 50;

    void mount(Routes r) {
        r.get("/v1/threads", this::list);
        r.post("/v1/threads", this::create);
        r.get("/v1/threads/:id", this::get);
        r.post("/v1/threads/:id/members", this::addMembers);
        r.put("/v1/threads/:id/members", this::setMembers);
        r.delete("/v1/threads/:id/members/:user", this::removeMember);
        r.post("/v1/threads/:id/leave", this::leave);
        r.patch("/v1/threads/:id/inbox", this::updateInbox);
        r.post("/v1/threads/:id/read", this::markRead);
        r.get("/v1/threads/:id/messages", this::history);
        r.post("/v1/threads/:id/typing", this::typing);
    }

    private Reply list(Call c) {
        Integer requested = c.queryInt("limit");
        int limit = c.chat().limits().pageSize(requested, DEFAULT_PAGE);
        boolean archived = c.queryFlag("archived");
        InboxCursor before = InboxCursor.parse(c.query("before"));
        List<InboxView> page = c.chat().threads().inbox(c.actor(), before == null
                ? new ThreadStore.InboxQuery(archived, null, limit) : before.query(archived, limit));
        ObjectNode n = Json.obj();
        ArrayNode threads = n.putArray("threads");
        page.forEach(v -> threads.add(Wire.inboxView(v)));
        n.put("next_before", page.size() < limit ? null : InboxCursor.after(page.getLast().thread()));
        return Reply.ok(n);
    }

    private Reply create(Call c) {
        ThreadKind kind = kind(c.text("kind"));
        List<UserId> members = Refs.bodyUsers(c, "members");
        var opened = c.chat().threads().create(c.actor(), new Threads.CreateThread(kind, c.text("name"),
                c.text("group_key"), c.text("reference"), c.json("data"), members));
        return Reply.createdOr(opened.created(),
                Wire.threadView(c.chat().threads().get(c.actor(), opened.thread().id())));
    }

    private Reply get(Call c) {
        return Reply.ok(Wire.threadView(c.chat().threads().get(c.actor(), Refs.thread(c))));
    }

    private Reply addMembers(Call c) {
        List<UserId> add = required(Refs.bodyUsers(c, "members"));
        return Reply.ok(members(c.chat().threads().addMembers(c.actor(), Refs.thread(c), add)));
    }

    private Reply setMembers(Call c) {
        c.actor().requireServer();
        List<UserId> users = required(Refs.bodyUsers(c, "members"));
        return Reply.ok(members(c.chat().threads().setMembers(c.actor(), Refs.thread(c), users)));
    }

    private Reply removeMember(Call c) {
        ThreadId thread = Refs.thread(c);
        c.chat().threads().require(c.actor(), thread);
        UserId user = Refs.pathUser(c, c.path("user")).id();
        c.chat().threads().removeMember(c.actor(), thread, user);
        return Reply.noContent();
    }

    private Reply leave(Call c) {
        c.chat().threads().leave(c.actor(), Refs.thread(c));
        return Reply.noContent();
    }

    private Reply updateInbox(Call c) {
        ThreadId thread = Refs.thread(c);
        Inbox inbox = c.chat().threads().updateInbox(c.actor(), thread, c.bool("archived"), c.bool("muted"));
        return Reply.ok(Wire.inbox(inbox, c.chat().threads().unread(c.actor(), thread)));
    }

    private Reply markRead(Call c) {
        ThreadId thread = Refs.thread(c);
        Long seq = c.number("seq");
        if (seq == null) {
            throw ParleyException.invalid("seq", "seq is required");
        }
        Inbox inbox = c.chat().threads().markRead(c.actor(), thread, seq);
        return Reply.ok(Wire.inbox(inbox, c.chat().threads().unread(c.actor(), thread)));
    }

    /** A page of history by seq, or with {@code search} the matching messages of this thread. */
    private Reply history(Call c) {
        ThreadId thread = Refs.thread(c);
        Integer limit = c.queryInt("limit");
        String search = c.query("search");
        ObjectNode n = Json.obj();
        if (search != null) {
            List<Message> found = c.chat().messages().search(c.actor(), thread, search, limit);
            n.putPOJO("messages", new MessageList(found));
            n.put("more", found.size() == c.chat().limits().pageSize(limit, DEFAULT_PAGE));
            return Reply.ok(n);
        }
        MessageStore.MessagePage page = c.chat().messages().history(c.actor(), thread,
                c.queryLong("before"), c.queryLong("after"), limit);
        n.putPOJO("messages", new MessageList(page.messages()));
        n.put("more", page.more());
        return Reply.ok(n);
    }

    private Reply typing(Call c) {
        c.chat().threads().typing(c.actor(), Refs.thread(c));
        return Reply.noContent();
    }

    static ObjectNode members(List<Member> members) {
        ObjectNode n = Json.obj();
        ArrayNode list = n.putArray("members");
        members.forEach(m -> list.add(Wire.member(m)));
        return n;
    }

    private static List<UserId> required(List<UserId> members) {
        if (members == null) {
            throw ParleyException.invalid("members", "members is required");
        }
        return members;
    }

    private static ThreadKind kind(String text) {
        if (text == null) {
            return ThreadKind.CUSTOM;
        }
        try {
            return ThreadKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalid("kind", "kind must be custom, direct, group or support");
        }
    }
}
