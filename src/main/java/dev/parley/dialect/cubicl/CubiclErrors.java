package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.Exchange;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The cubicl dialect's one error mapper. The seed documents no error body, so errors use the shape
 * Parley's other JSON dialects use: {@code {"error": {"code", "message", "field"?}}} with the status of
 * the core error code. Unknown failures are logged with the request id and answered without detail.
 */
final class CubiclErrors {
    private static final Logger log = LoggerFactory.getLogger(CubiclErrors.class);

    /** Core field names as the cubicl documents call them. */
    private static final Map<String, String> FIELDS = Map.of(
            "text", "content",
            "reply_to", "replyTo",
            "members", "users",
            "q", "search");

    private CubiclErrors() {}

    static Exchange.Reply reply(Throwable failure, Exchange exchange) {
        ParleyException e;
        if (failure instanceof ParleyException known) {
            e = known;
        } else {
            log.error("cubicl {} {} failed [request {}]", exchange.method(), exchange.path(), exchange.requestId(),
                    failure);
            e = new ParleyException(ErrorCode.INTERNAL, "internal error");
        }
        ObjectNode body = Json.obj();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code().slug());
        error.put("message", e.code() == ErrorCode.INTERNAL || e.getMessage() == null ? e.code().title()
                : e.getMessage());
        if (e.field() != null) {
            error.put("field", FIELDS.getOrDefault(e.field(), e.field()));
        }
        Map<String, String> headers = switch (e.code()) {
            case UNAUTHORIZED -> Map.of("WWW-Authenticate", "Bearer");
            case RATE_LIMITED, UNAVAILABLE -> Map.of("Retry-After", "1");
            default -> Map.of();
        };
        return new Exchange.Reply(HttpStatus.of(e.code()), body, headers);
    }
}
