/**
 * The licomed dialect (seed 003): {@code /chat/messages/<uid>/}, {@code /chat/attachment/},
 * {@code /chat/user/threads/}, {@code /chat/thread/files/<thread_id>/} in the seed's envelopes, and the
 * {@code /ws/chat/room/?token=} socket with its {@code text_message}, {@code file_message} and
 * {@code user_profile_message} actions. A licomed conversation is a core direct thread; users are
 * named by external id; thread and message ids are the internal integer keys. Only translates: every
 * request ends in a core use case, and user objects carry the public profile only.
 */
package dev.parley.dialect.licomed;
