package dev.parley.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.core.ParleyException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper, configured once: ISO dates, nulls kept, nesting and string sizes bounded. */
public final class Json {
    /**
     * Jackson's buffers are recycled through a shared pool: its default pool is per thread, and every
     * request runs on a new virtual thread, so each would allocate fresh buffers.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(8 << 20).maxNumberLength(100).build());
    }

    private Json() {}

    /** Parses a JSON document, or fails with INVALID ("malformed JSON"). */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw ParleyException.invalid("body", "the body is empty; a JSON document was expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ParleyException.invalid("body", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses a JSON object, or fails with INVALID. */
    public static ObjectNode object(String text) {
        JsonNode node = parse(text);
        if (!node.isObject()) {
            throw ParleyException.invalid("body", "a JSON object was expected");
        }
        return (ObjectNode) node;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The value as UTF-8 JSON bytes: exactly the bytes of {@link #write} encoded as UTF-8 (as an HTTP
     * response of that string would be, a lone surrogate becoming {@code ?}), written through an
     * encoder instead of building the whole document as a String first (a page of history is ~20 KB).
     */
    public static byte[] bytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            MAPPER.writeValue(writer, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    public static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }
}
