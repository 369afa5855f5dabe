package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.testing.TestServer;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document and the mounted /v1 routes describe the same API. */
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    static TestServer server;
    static JsonNode spec;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        TestServer.Answer a = server.get("/v1/openapi.yaml", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
        spec = new ObjectMapper(new YAMLFactory()).readTree(a.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_mounted_v1_route_is_documented_and_every_documented_operation_is_mounted() {
        Set<String> mounted = new TreeSet<>();
        for (Route route : server.server().router().getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/v1/") || path.endsWith("*") || route.methods() == null) {
                continue;
            }
            String template = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            route.methods().forEach(m -> mounted.add(m.name() + " " + template));
        }
        Set<String> documented = new TreeSet<>();
        spec.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                documented.add(op.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(mounted).isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(mounted);
    }

    @Test
    void the_document_is_openapi_3_1_and_every_reference_resolves() {
        assertThat(spec.get("openapi").asText()).startsWith("3.1");
        List<String> refs = new ArrayList<>();
        collect(spec, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void every_operation_documents_its_responses_and_path_parameters() {
        spec.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            assertThat(op.getValue().has("responses")).as(op.getKey() + " " + p.getKey()).isTrue();
            assertThat(op.getValue().has("operationId")).as(op.getKey() + " " + p.getKey()).isTrue();
        }));
        assertThat(spec.get("paths").has("/v1/ws")).isTrue();
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, refs));
        }
    }
}
