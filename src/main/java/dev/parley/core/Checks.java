package dev.parley.core;

/** Input checks shared by the use cases; each failure names the field. */
final class Checks {
    private Checks() {}

    static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ParleyException.invalid(field, field + " must not be blank");
            }
            return value == null ? null : value.strip().isEmpty() ? null : value;
        }
        if (value.length() > max) {
            throw ParleyException.tooLarge(field, field + " is longer than " + max + " characters");
        }
        return value;
    }

    static String optional(String field, String value, int max) {
        return text(field, value, max, false);
    }

    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw ParleyException.invalid(field, field + " must not be negative");
        }
        return value;
    }
}
