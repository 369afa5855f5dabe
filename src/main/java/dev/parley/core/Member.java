package dev.parley.core;

/** A participant of a thread. */
public record Member(UserId user, Role role) {}
