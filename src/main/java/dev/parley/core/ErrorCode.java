package dev.parley.core;

/**
 * The catalogue of what can go wrong. The numeric code and the slug never change meaning; adapters
 * map them to their wire shape (HTTP status, problem type, a dialect's envelope).
 */
public enum ErrorCode {
    INVALID(1, "invalid-request", "Invalid request"),
    UNAUTHORIZED(2, "unauthorized", "Authentication required"),
    FORBIDDEN(3, "forbidden", "Not allowed"),
    NOT_FOUND(4, "not-found", "Not found"),
    CONFLICT(5, "conflict", "Conflict"),
    TOO_LARGE(6, "too-large", "Too large"),
    RATE_LIMITED(7, "rate-limited", "Too many requests"),
    UNAVAILABLE(8, "unavailable", "Temporarily unavailable"),
    INTERNAL(9, "internal", "Internal error");

    private final int code;
    private final String slug;
    private final String title;

    ErrorCode(int code, String slug, String title) {
        this.code = code;
        this.slug = slug;
        this.title = title;
    }

    public int code() { return code; }

    public String slug() { return slug; }

    public String title() { return title; }
}
