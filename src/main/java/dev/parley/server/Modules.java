package dev.parley.server;

import dev.parley.api.ApiModule;
import dev.parley.api.FilesModule;
import dev.parley.api.ws.WsModule;
import dev.parley.api.ws.WsSettings;
import dev.parley.dialect.cubicl.CubiclModule;
import dev.parley.dialect.helpdesk.HelpdeskModule;
import dev.parley.dialect.licomed.LicomedModule;
import dev.parley.dialect.socketio.SocketIoModule;
import dev.parley.dialect.tsync.TsyncModule;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;

import java.util.ArrayList;
import java.util.List;

/** The HTTP modules of this node: the native API, then each dialect that is switched on. */
final class Modules {
    private Modules() {}

    static List<HttpModule> all(Config config, Platform platform) {
        List<HttpModule> modules = new ArrayList<>();
        modules.add(new ApiModule(platform));
        modules.add(new WsModule(platform, WsSettings.of(config.wsFramesPerSecond(), config.wsFrameBurst())));
        modules.add(new FilesModule(platform));
        if (config.dialectEnabled("licomed")) {
            modules.add(new LicomedModule(platform));
        }
        if (config.dialectEnabled("tsync")) {
            modules.add(new TsyncModule(platform));
        }
        if (config.dialectEnabled("cubicl")) {
            modules.add(new CubiclModule(platform));
        }
        if (config.dialectEnabled("socketio")) {
            modules.add(new SocketIoModule(platform));
        }
        if (config.dialectEnabled("helpdesk")) {
            modules.add(new HelpdeskModule(platform, config.helpdeskWebhookUrl(),
                    config.helpdeskWebhookSecret(), config.production()));
        }
        return modules;
    }
}
