package dev.parley.core;

/** Who is asking. Every use case takes one and checks it. */
public sealed interface Actor {

    /** The host app's backend, holding the server API key: may act as anyone. */
    record Server() implements Actor {}

    /** A user holding a valid token: sees and changes only threads whose inbox they hold. */
    record Person(User user) implements Actor {}

    /** An anonymous visitor holding a support thread's id: reads and posts in that thread only. */
    record Visitor(ThreadId thread) implements Actor {}

    Server SERVER = new Server();

    static Actor of(User user) {
        return new Person(user);
    }

    /** The acting user, or a FORBIDDEN failure for the server key or a visitor. */
    default User requireUser() {
        if (this instanceof Person p) {
            return p.user();
        }
        throw ParleyException.forbidden("this action needs a user token");
    }

    default void requireServer() {
        if (!(this instanceof Server)) {
            throw ParleyException.forbidden("this action needs the server API key");
        }
    }
}
