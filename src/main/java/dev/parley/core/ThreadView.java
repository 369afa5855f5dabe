package dev.parley.core;

import java.util.List;

/**
 * A thread with its participants, as one actor sees it.
 *
 * @param inbox  the actor's own inbox, or null for the server key and visitors
 * @param unread the actor's unread count (0 without an inbox)
 */
public record ThreadView(Thread thread, List<Member> members, Inbox inbox, long unread) {}
