/**
 * The helpdesk dialect (seed 004): anonymous support threads that a visitor opens with a free JSON
 * description of themselves, messages posted by the visitor (holding the thread id) or by an agent
 * (holding the server key, e.g. a Slack bridge), a WebSocket per thread, and an optional signed
 * outgoing webhook for new visitor messages. It only translates the seed's paths, shapes and DRF-style
 * errors into core calls and back; see {@code docs/dialects/helpdesk.md}.
 */
package dev.parley.dialect.helpdesk;
