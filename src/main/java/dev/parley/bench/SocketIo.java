package dev.parley.bench;

/** Whether the socketio dialect (scenario 6) is part of this build. */
final class SocketIo {
    private SocketIo() {}

    static boolean dialectPresent() {
        return SocketIo.class.getClassLoader().getResource("dev/parley/dialect/socketio") != null;
    }

    static Result absent() {
        return Result.skipped("socketio_fanout", "the socketio dialect (dev.parley.dialect.socketio) is not in "
                + "this build yet");
    }
}
