package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.PostgresTestDatabase;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socketio dialect on two nodes sharing one PostgreSQL over the machine's Redis: its sockets
 * register with each node's hub like every transport's, so a message sent through one node reaches
 * a Socket.IO client of the other (DESIGN section 6: no transport keeps its own fan-out).
 */
@Timeout(60)
class SocketIoAcrossNodesTest {

    @Test
    void a_message_sent_on_one_node_reaches_a_socket_io_client_on_the_other() {
        String channel = "parley-test-" + UUID.randomUUID();
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            Map<String, String> env = Map.of("PARLEY_DB_URL", db.jdbcUrl(), "PARLEY_DB_USER", db.settings().user(),
                    "PARLEY_DB_PASSWORD", db.settings().password(),
                    "PARLEY_BUS", "redis://127.0.0.1:6379?channel=" + channel);
            try (TestServer one = TestServer.start(env); TestServer two = TestServer.start(env)) {
                JsonNode alice = one.newUser("Alice");
                JsonNode bob = two.newUser("Bob");
                String aliceToken = one.token(alice.get("id").asText());
                String room = one.post("/v1/threads", "Bearer " + aliceToken, Json.write(Map.of("kind", "custom",
                        "name", "across", "members", List.of(bob.get("id").asText())))).json().get("id").asText();
                try (SioClient b = SioClient.connect(two, two.token(bob.get("id").asText()), SioClient.WEBSOCKET);
                     SioClient a = SioClient.connect(one, aliceToken, SioClient.DEFAULT)) {
                    JSONObject sent = a.call("new-message", room,
                            new JSONObject().put("msg", "across nodes").put("type", "text"));

                    JSONObject heard = b.next("new-message");
                    assertThat(heard.getString("id")).isEqualTo(sent.getString("id"));
                    assertThat(heard.getString("msg")).isEqualTo("across nodes");
                    assertThat(heard.getString("room")).isEqualTo(room);
                }
            }
        }
    }
}
