package dev.parley.core;

/** Who a message comes from. A {@code USER} message with no sender is a support thread's visitor. */
public enum Origin { USER, AGENT, INTEGRATION, SYSTEM }
