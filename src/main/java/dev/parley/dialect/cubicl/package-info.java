/**
 * The cubicl dialect (seed 002): {@code /api/v1/chat/threads} and {@code /api/v1/chat/messages}
 * with Mongo-style {@code _id} strings, epoch-millisecond dates and users by external id, plus
 * likes/dislikes and custom-thread creation in the same style. Translation only: every rule is the core's.
 */
package dev.parley.dialect.cubicl;
