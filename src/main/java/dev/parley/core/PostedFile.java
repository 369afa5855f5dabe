package dev.parley.core;

import java.time.Instant;

/** A file as posted in a thread: the file and the message that carries it. */
public record PostedFile(StoredFile file, MessageId message, long seq, UserId sender, Instant postedAt) {}
