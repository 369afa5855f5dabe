package dev.parley.core;

/** What a message carries. */
public enum MessageKind { TEXT, FILE, USER_PROFILE, SYSTEM }
