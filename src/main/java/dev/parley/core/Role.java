package dev.parley.core;

/** A participant's role in a thread. Owners may add and remove members and delete any message. */
public enum Role { OWNER, MEMBER }
