package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.Exchange;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The tsync dialect's one error mapper, in Django REST framework's shapes: field errors as
 * {@code {"field": ["message"]}}, everything else as {@code {"detail": "message"}} with DRF's own
 * wording for 401, 404 and 429.
 */
final class Drf {
    private static final Logger log = LoggerFactory.getLogger(Drf.class);

    static final String NOT_PROVIDED = "Authentication credentials were not provided.";
    static final String INVALID_TOKEN = "Invalid token.";

    /** Core field names as the tsync documents call them. */
    private static final Map<String, String> FIELDS = Map.of(
            "client_id", "tsync_id",
            "members", "participants",
            "to", "participants",
            "reference", "reference_order",
            "thread", "chat_thread",
            "limit", "page_size");

    private Drf() {}

    /** A 400 for one field, with DRF's wording chosen by the caller. */
    static ParleyException field(String field, String message) {
        return ParleyException.invalid(field, message);
    }

    static Exchange.Reply reply(Throwable failure, Exchange exchange) {
        if (!(failure instanceof ParleyException e)) {
            log.error("tsync {} {} failed [request {}]", exchange.method(), exchange.path(), exchange.requestId(),
                    failure);
            return detail(500, "A server error occurred.");
        }
        return switch (e.code()) {
            case INVALID, TOO_LARGE -> {
                if ("body".equals(e.field()) || "query".equals(e.field())) {
                    yield detail(e.code() == ErrorCode.TOO_LARGE ? 413 : 400, e.getMessage());
                }
                if (e.field() == null) {
                    yield e.code() == ErrorCode.TOO_LARGE ? detail(413, e.getMessage())
                            : fieldErrors("non_field_errors", e.getMessage());
                }
                yield fieldErrors(FIELDS.getOrDefault(e.field(), e.field()), e.getMessage());
            }
            case UNAUTHORIZED -> new Exchange.Reply(401, detailBody(
                    NOT_PROVIDED.equals(e.getMessage()) ? NOT_PROVIDED : INVALID_TOKEN),
                    Map.of("WWW-Authenticate", "Token"));
            case FORBIDDEN -> detail(403, e.getMessage() == null
                    ? "You do not have permission to perform this action." : e.getMessage());
            case NOT_FOUND -> detail(404, "Not found.");
            case CONFLICT -> detail(409, e.getMessage());
            case RATE_LIMITED -> new Exchange.Reply(429, detailBody("Request was throttled."),
                    Map.of("Retry-After", "1"));
            case UNAVAILABLE -> new Exchange.Reply(503, detailBody("Service temporarily unavailable, try again later."),
                    Map.of("Retry-After", "1"));
            case INTERNAL -> detail(500, "A server error occurred.");
        };
    }

    static Exchange.Reply detail(int status, String message) {
        return new Exchange.Reply(status, detailBody(message));
    }

    private static ObjectNode detailBody(String message) {
        ObjectNode n = Json.obj();
        n.put("detail", message);
        return n;
    }

    private static Exchange.Reply fieldErrors(String field, String message) {
        ObjectNode n = Json.obj();
        ArrayNode list = n.putArray(field);
        list.add(message);
        return new Exchange.Reply(400, n);
    }
}
