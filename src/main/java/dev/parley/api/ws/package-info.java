/**
 * The native real-time API, {@code GET /v1/ws}: JSON frames over a WebSocket. A session authenticates,
 * registers its connection with the hub (which pushes committed events through {@link
 * dev.parley.api.ws.WsRenderer}) and turns client frames into core calls, one at a time, off the event
 * loop. The protocol is documented in {@code docs/realtime.md}.
 */
package dev.parley.api.ws;
