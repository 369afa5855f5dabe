/**
 * The socketio dialect (seed 001): Socket.IO v4 on Parley's own port at {@code /socket.io/}, with the
 * events {@code create-user}, {@code create-chat}, {@code list-chats}, {@code list-messages} and
 * {@code new-message}. The protocol comes from {@code io.socket:socket.io-server}; this package only
 * carries its two transports (HTTP long-polling and WebSocket) over Vert.x, authenticates the handshake,
 * turns events into core calls and core events into emits. Live delivery goes through the hub.
 */
package dev.parley.dialect.socketio;
