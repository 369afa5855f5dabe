/**
 * The native v1 API: REST routes and the {@code /v1/ws} WebSocket, their wire shapes ({@link
 * dev.parley.api.Wire}) and the one mapper from core errors to RFC 9457 problem documents. Only
 * translates: every request ends in a core use case.
 */
package dev.parley.api;
