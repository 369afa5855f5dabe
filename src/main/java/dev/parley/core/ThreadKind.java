package dev.parley.core;

/** What a thread is for; see DESIGN section 1. */
public enum ThreadKind {
    /** Exactly two users, at most one thread per pair, opened by the first message. */
    DIRECT,
    /** Bound to a host-app group key; membership is set by the host app. */
    GROUP,
    /** Named and created by users. */
    CUSTOM,
    /** One anonymous visitor, answered by agents. */
    SUPPORT
}
