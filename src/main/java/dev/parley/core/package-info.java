/**
 * The domain of Parley: users, threads, inboxes, messages, reactions and the events they produce,
 * the use cases that change them, and the ports the domain needs (stores, event bus, clock).
 *
 * <p>Plain Java only: no web framework, JDBC, JSON or broker library may be imported here (an
 * ArchUnit test enforces it). Every transport, the native API and each dialect, ends in one of the
 * use-case services of this package, so a rule about who may post or what unread means lives here once.
 */
package dev.parley.core;
