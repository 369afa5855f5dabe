package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The dialect's one error mapper, in the Django REST Framework shapes the seed comes from: field
 * problems as {@code {"field": ["message"]}} (400), everything else as {@code {"detail": "message"}}
 * with DRF's own wording. Unknown failures become a 500 with no detail; the cause is logged with the
 * request id.
 */
final class Drf {
    private static final Logger log = LoggerFactory.getLogger(Drf.class);

    static final String NOT_FOUND = "Not found.";
    static final String NO_CREDENTIALS = "Authentication credentials were not provided.";
    static final String INVALID_TOKEN = "Invalid token.";
    static final String NO_PERMISSION = "You do not have permission to perform this action.";

    /** The core's field names, as this dialect calls them. */
    private static final Map<String, String> FIELDS =
            Map.of("data", "user", "author", "user", "text", "body", "thread", "thread");

    /** A status and a body to answer with. */
    record Reply(int status, ObjectNode body) {}

    private Drf() {}

    static Reply of(Throwable failure, String requestId) {
        if (failure instanceof Rejected r) {
            ObjectNode n = Json.obj();
            r.fields().forEach((field, messages) -> {
                ArrayNode list = n.putArray(field);
                messages.forEach(list::add);
            });
            return new Reply(400, n);
        }
        if (failure instanceof ParleyException e) {
            return of(e);
        }
        log.error("helpdesk request {} failed", requestId, failure);
        return detail(500, "A server error occurred.");
    }

    private static Reply of(ParleyException e) {
        ErrorCode code = e.code();
        return switch (code) {
            case NOT_FOUND -> detail(404, NOT_FOUND);
            case UNAUTHORIZED -> detail(401, INVALID_TOKEN);
            case FORBIDDEN -> detail(403, NO_PERMISSION);
            case RATE_LIMITED -> detail(429, "Request was throttled.");
            case INVALID, TOO_LARGE -> {
                String field = e.field() == null ? null : FIELDS.getOrDefault(e.field(), "non_field_errors");
                if (field == null) {
                    yield detail(HttpStatus.of(code), e.getMessage());
                }
                ObjectNode n = Json.obj();
                n.putArray(field).add(e.getMessage());
                yield new Reply(400, n);
            }
            default -> detail(HttpStatus.of(code), code == ErrorCode.INTERNAL ? "A server error occurred."
                    : e.getMessage());
        };
    }

    static Reply detail(int status, String message) {
        ObjectNode n = Json.obj();
        n.put("detail", message);
        return new Reply(status, n);
    }

    static Reply fields(String field, String message) {
        return of(new Rejected(Map.of(field, List.of(message))), null);
    }
}
