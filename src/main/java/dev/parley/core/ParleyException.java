package dev.parley.core;

/**
 * A failure from the catalogue, with a human-readable detail safe to show to the client and,
 * for validation failures, the name of the offending input field.
 */
public class ParleyException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public ParleyException(ErrorCode code, String detail) {
        this(code, detail, null, null);
    }

    public ParleyException(ErrorCode code, String detail, String field, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() { return code; }

    /** The input field the error is about, or null. */
    public String field() { return field; }

    public static ParleyException invalid(String field, String detail) {
        return new ParleyException(ErrorCode.INVALID, detail, field, null);
    }

    public static ParleyException notFound(String what) {
        return new ParleyException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ParleyException forbidden(String detail) {
        return new ParleyException(ErrorCode.FORBIDDEN, detail);
    }

    public static ParleyException tooLarge(String field, String detail) {
        return new ParleyException(ErrorCode.TOO_LARGE, detail, field, null);
    }

    public static ParleyException conflict(String detail) {
        return new ParleyException(ErrorCode.CONFLICT, detail);
    }

    public static ParleyException unavailable(String detail, Throwable cause) {
        return new ParleyException(ErrorCode.UNAVAILABLE, detail, null, cause);
    }
}
