package dev.parley.server;

import dev.parley.dialect.socketio.SocketIoModule;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;

import java.util.ArrayList;
import java.util.List;

/** The HTTP modules of this node: the native API, then each dialect that is switched on. */
final class Modules {
    private Modules() {}

    static List<HttpModule> all(Config config, Platform platform) {
        List<HttpModule> modules = new ArrayList<>();
        if (config.dialectEnabled("socketio")) {
            modules.add(new SocketIoModule(platform));
        }
        return modules;
    }
}
