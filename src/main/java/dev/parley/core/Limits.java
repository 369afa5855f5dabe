package dev.parley.core;

/**
 * Input bounds enforced by the core (transport-level bounds such as body and frame size are enforced
 * by the transports from the same settings).
 */
public record Limits(int maxTextChars, int maxPageSize, int maxMembers, int maxNameChars, int maxDataChars,
                     int maxClientIdChars, int maxReactionChars, int maxFilesPerMessage, int maxReplay,
                     double messagesPerSecond, int messageBurst) {

    public static Limits defaults() {
        return new Limits(16 * 1024, 200, 1_000, 200, 16 * 1024, 100, 64, 10, 1_000, 50, 200);
    }

    /** A page size from the client: default when null, else within 1..maxPageSize. */
    public int pageSize(Integer requested, int defaultSize) {
        if (requested == null) {
            return Math.min(defaultSize, maxPageSize);
        }
        if (requested < 1 || requested > maxPageSize) {
            throw ParleyException.invalid("limit", "limit must be between 1 and " + maxPageSize);
        }
        return requested;
    }
}
