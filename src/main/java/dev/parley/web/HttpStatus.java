package dev.parley.web;

import dev.parley.core.ErrorCode;

/** The HTTP status of each core error code; the one table every HTTP adapter uses. */
public final class HttpStatus {
    private HttpStatus() {}

    public static int of(ErrorCode code) {
        return switch (code) {
            case INVALID -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }
}
