package dev.parley.dialect.socketio;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Message;
import io.socket.socketio.server.parser.IOParser;
import io.socket.socketio.server.parser.Packet;
import io.socket.socketio.server.parser.Parser;
import org.json.JSONArray;

/**
 * The {@code new-message} event of a committed message, encoded once as its Socket.IO packet (by
 * socket.io-server's own encoder) and handed to every socket the hub offers that event to (the hub
 * offers one event to all its connections in turn), instead of being rendered, parsed and encoded
 * again for each socket. The encoded packet is an immutable string.
 */
final class NewMessagePayloads {
    static final String EVENT = "new-message";

    private record Made(CommittedEvent event, Object[] packet) {}

    private volatile Made last;

    /** The event's Socket.IO packet on the default namespace, as Engine.IO message payloads. */
    Object[] packet(CommittedEvent committed, Message message) {
        Made made = last;
        if (made != null && made.event == committed) {
            return made.packet;
        }
        RawJson payload = RawJson.of(Shapes.message(message));
        Packet<JSONArray> packet = new Packet<>(Parser.EVENT, new JSONArray().put(EVENT).put(payload));
        packet.nsp = "/";
        Object[][] encoded = new Object[1][];
        new IOParser.Encoder().encode(packet, items -> encoded[0] = items);
        last = new Made(committed, encoded[0]);
        return encoded[0];
    }
}
