/**
 * The {@code parley bench} command: starts the servers it measures on loopback (each in a child JVM,
 * so its memory is measurable on its own and the load generator's garbage and file descriptors are
 * not counted against it), drives them with real WebSocket and HTTP clients for a bounded time, and
 * reports throughput, latency percentiles (HdrHistogram) and memory as a table and as JSON.
 * Benchmarks are never part of {@code mvn test}.
 */
package dev.parley.bench;
