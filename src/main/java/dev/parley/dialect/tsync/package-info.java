/**
 * The tsync dialect (seed 000): {@code /chats/threads/} and {@code /chats/messages/} in Django REST
 * framework's shapes (page envelope, field errors, {@code Token} credentials), integer ids, users by
 * external id, {@code tsync_id} idempotency. Translation only: every rule is the core's.
 */
package dev.parley.dialect.tsync;
