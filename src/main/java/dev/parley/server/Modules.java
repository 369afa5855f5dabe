package dev.parley.server;

import dev.parley.api.ws.WsModule;
import dev.parley.api.ws.WsSettings;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;

import java.util.ArrayList;
import java.util.List;

/** The HTTP modules of this node: the native API, then each dialect that is switched on. */
final class Modules {
    private Modules() {}

    static List<HttpModule> all(Config config, Platform platform) {
        List<HttpModule> modules = new ArrayList<>();
        modules.add(new WsModule(platform, WsSettings.of(config.wsFramesPerSecond(), config.wsFrameBurst())));
        return modules;
    }
}
