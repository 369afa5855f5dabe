/**
 * The hub: this node's live connections and the fan-out of committed events to them. Every transport
 * (native WebSocket, the dialects' sockets, Socket.IO) registers its connections here with a renderer
 * for its own frames; no transport keeps its own list of who is online.
 */
package dev.parley.realtime;
