package dev.parley.api.ws;

import dev.parley.api.Problems;
import dev.parley.auth.Authenticator;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Mounts {@code GET /v1/ws}, the native real-time API. The credential may come with the upgrade
 * ({@code Authorization: Bearer …} or {@code ?token=}) or in the first frame; either way the socket
 * is upgraded first, so a browser learns why it was refused from the close code (4001).
 */
public final class WsModule implements HttpModule {
    public static final String PATH = "/v1/ws";

    private final Platform platform;
    private final WsSettings settings;
    private final WsRenderer renderer = new WsRenderer();

    public WsModule(Platform platform, WsSettings settings) {
        this.platform = platform;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "native-ws";
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                Problems.sendHttp(ctx, 426, "upgrade-required", "Upgrade required",
                        "this is a WebSocket endpoint: connect with a WebSocket client");
                return;
            }
            String header = request.getHeader("Authorization");
            String query = request.getParam("token");
            String cursor = request.getParam("cursor");
            boolean given = header != null || query != null;
            String credential = header != null ? Authenticator.credential(header) : query;
            String requestId = ctx.get(WsReplies.REQUEST_ID);
            request.toWebSocket().onSuccess(ws ->
                    new WsSession(platform, settings, renderer, ws, requestId).start(credential, given, cursor));
        });
    }
}
