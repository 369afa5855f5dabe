package dev.parley.web;

import dev.parley.auth.Authenticator;
import dev.parley.core.Chat;
import dev.parley.realtime.Hub;
import io.vertx.core.Vertx;

/**
 * What every HTTP module gets: the core, credentials, the hub for live connections, the executor for
 * blocking work, and the transport bounds.
 */
public record Platform(Chat chat, Authenticator auth, Hub hub, Blocking blocking, Vertx vertx,
                       long maxBodyBytes, int maxFrameBytes, long maxUploadBytes) {}
