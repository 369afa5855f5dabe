/**
 * The event bus port's adapters: in-process by default; Redis pub/sub or NATS when several nodes
 * share one PostgreSQL.
 */
package dev.parley.bus;
