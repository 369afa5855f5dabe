package dev.parley.core;

/** One user's reaction to a message; {@code like} and {@code dislike} are kinds like any emoji. */
public record Reaction(UserId user, String kind) {}
