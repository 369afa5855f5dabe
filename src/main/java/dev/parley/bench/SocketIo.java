package dev.parley.bench;

/**
 * Scenario 6, the fan-out through the socketio dialect. Reported as skipped until the dialect is part
 * of the build.
 */
final class SocketIo {
    private SocketIo() {}

    static boolean dialectPresent() {
        return SocketIo.class.getClassLoader().getResource("dev/parley/dialect/socketio") != null;
    }

    static Result fanout(Bench b) {
        if (!dialectPresent()) {
            return Result.skipped("socketio_fanout", "the socketio dialect (dev.parley.dialect.socketio) is not in "
                    + "this build yet");
        }
        return Result.skipped("socketio_fanout", "the socketio dialect is present but its bench driver is not "
                + "written yet");
    }
}
