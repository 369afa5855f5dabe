package dev.parley.bench;

/**
 * Writing the frames the bench sends and reading just enough of the frames it receives. Every text the
 * bench sends carries a tag, {@code bench|<run>|<sender>|<send nanoTime>|}, so a receiver knows which
 * run and sender a message belongs to and how long it took, without a lookup table and without
 * parsing the whole frame (the client shares the machine with the server; it must stay cheap).
 */
final class Frames {
    private static final String MARK = "bench|";
    private static final String PADDING = " the quick brown fox jumps over the lazy dog";

    /** What a tag says; {@code run < 0} when the frame carries none. */
    record Tag(int run, int sender, long nanos) {
        static final Tag NONE = new Tag(-1, -1, 0);
    }

    private Frames() {}

    static String text(int run, int sender, long nanos) {
        return MARK + run + '|' + sender + '|' + nanos + '|' + PADDING;
    }

    /** A native {@code send} frame. Ids and thread ids the bench uses need no JSON escaping. */
    static String send(String requestId, String thread, String text, String clientId) {
        return "{\"type\":\"send\",\"id\":\"" + requestId + "\",\"thread\":\"" + thread + "\",\"text\":\"" + text
                + "\",\"client_id\":\"" + clientId + "\"}";
    }

    /** The value of the first {@code "type"} member of a frame, or "" when there is none. */
    static String type(String frame) {
        int k = frame.indexOf("\"type\"");
        if (k < 0) {
            return "";
        }
        int i = k + 6;
        while (i < frame.length() && (frame.charAt(i) == ' ' || frame.charAt(i) == ':')) {
            i++;
        }
        if (i >= frame.length() || frame.charAt(i) != '"') {
            return "";
        }
        int end = frame.indexOf('"', i + 1);
        return end < 0 ? "" : frame.substring(i + 1, end);
    }

    static Tag tag(String frame) {
        int at = frame.indexOf(MARK);
        if (at < 0) {
            return Tag.NONE;
        }
        try {
            int a = at + MARK.length();
            int b = frame.indexOf('|', a);
            int c = frame.indexOf('|', b + 1);
            int d = frame.indexOf('|', c + 1);
            return new Tag(Integer.parseInt(frame, a, b, 10), Integer.parseInt(frame, b + 1, c, 10),
                    Long.parseLong(frame, c + 1, d, 10));
        } catch (RuntimeException e) {
            return Tag.NONE;
        }
    }
}
