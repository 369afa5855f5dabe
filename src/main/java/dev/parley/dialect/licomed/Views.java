package dev.parley.dialect.licomed;

import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ErrorCode;
import dev.parley.core.FileId;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.StoredFile;
import dev.parley.core.Thread;
import dev.parley.core.ThreadKind;
import dev.parley.core.User;
import dev.parley.core.UserId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers, through the core and as the acting user sees them, what the licomed shapes show about
 * messages: sender and receiver (the other participant of the direct thread), the shared profile, the
 * first file. Blocking: call on a virtual thread.
 */
final class Views {
    private final Chat chat;

    Views(Chat chat) {
        this.chat = chat;
    }

    /** A licomed user reference: the host app's external id (or, failing that, a Parley id). */
    Optional<User> user(String ref) {
        if (ref == null || ref.isBlank() || ref.length() > 200) {
            return Optional.empty();
        }
        return chat.users().byExternalId(ref).or(() -> chat.users().find(ref));
    }

    List<LicomedWire.View> of(Actor actor, Thread thread, List<Message> messages) {
        List<Member> members = chat.threads().members(actor, thread.id());
        Set<UserId> ids = new HashSet<>();
        members.forEach(m -> ids.add(m.user()));
        messages.forEach(m -> {
            if (m.sharedUser() != null) {
                ids.add(m.sharedUser());
            }
        });
        Map<UserId, User> users = chat.users().all(ids);
        List<LicomedWire.View> views = new ArrayList<>(messages.size());
        for (Message m : messages) {
            views.add(view(actor, thread, members, users, m));
        }
        return views;
    }

    LicomedWire.View of(Actor actor, Thread thread, Message message) {
        return of(actor, thread, List.of(message)).getFirst();
    }

    /** The view of a message, or empty when its thread is not a two-person conversation. */
    Optional<LicomedWire.View> ofDirect(Actor actor, Message message) {
        Thread thread = chat.threads().require(actor, message.thread());
        if (thread.kind() != ThreadKind.DIRECT) {
            return Optional.empty();
        }
        return Optional.of(of(actor, thread, message));
    }

    private LicomedWire.View view(Actor actor, Thread thread, List<Member> members, Map<UserId, User> users,
                                  Message m) {
        User sender = LicomedWire.find(users, m.sender());
        UserId receiverId = null;
        if (thread.kind() == ThreadKind.DIRECT) {
            for (Member member : members) {
                if (!member.user().equals(m.sender())) {
                    receiverId = member.user();
                    if (m.sender() != null || actor instanceof Actor.Person p && member.user().equals(p.user().id())) {
                        break;
                    }
                }
            }
        }
        StoredFile file = m.files().isEmpty() ? null : file(actor, m.files().getFirst());
        return new LicomedWire.View(m, thread.key(), sender, LicomedWire.find(users, receiverId),
                LicomedWire.find(users, m.sharedUser()), file);
    }

    private StoredFile file(Actor actor, FileId id) {
        try {
            return chat.files().get(actor, id);
        } catch (ParleyException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
