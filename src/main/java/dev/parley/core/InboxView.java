package dev.parley.core;

/**
 * A thread as one participant sees it in their inbox list.
 *
 * @param unread      visible messages after {@code inbox.lastReadSeq()} not sent by the participant
 * @param lastMessage the newest message visible to the participant, or null
 */
public record InboxView(Thread thread, Inbox inbox, long unread, Message lastMessage) {}
