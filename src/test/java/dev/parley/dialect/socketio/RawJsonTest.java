package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.web.Json;
import io.socket.socketio.server.parser.IOParser;
import io.socket.socketio.server.parser.Packet;
import io.socket.socketio.server.parser.Parser;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawJsonTest {

    @Test
    void socket_io_s_encoder_writes_it_as_the_json_it_holds() {
        ObjectNode body = Json.obj();
        body.put("msg", "quotes \" and \\ and </script> and é and \u2028 and emoji \uD83D\uDE00");
        body.putObject("chat").put("id", "c1").put("n", 3).put("ok", true).putNull("none");
        body.putArray("list").add(1).add("two");

        Packet<JSONArray> packet = new Packet<>(Parser.EVENT, new JSONArray().put("new-message").put(RawJson.of(body)));
        packet.nsp = "/";
        Object[][] encoded = new Object[1][];
        new IOParser.Encoder().encode(packet, items -> encoded[0] = items);

        assertThat(encoded[0]).hasSize(1);
        String text = (String) encoded[0][0];
        assertThat(text).startsWith("2[\"new-message\",{");
        JSONArray decoded = new JSONArray(text.substring(1));
        assertThat(decoded.getString(0)).isEqualTo("new-message");
        assertThat(Json.parse(decoded.getJSONObject(1).toString())).isEqualTo(body);
        assertThat(decoded.getJSONObject(1).similar(new JSONObject(Json.write(body)))).isTrue();
    }
}
