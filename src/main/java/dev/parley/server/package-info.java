/**
 * Main, configuration, wiring by plain constructors, lifecycle, health and metrics. {@link
 * dev.parley.server.ParleyServer#start} is the one setup both {@code main()} and the tests call.
 */
package dev.parley.server;
