package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one scenario: {@code ok} with its figures, {@code skipped} or {@code failed} with the
 * reason. Figures keep their insertion order, which is the order the report prints them in.
 */
final class Result {
    final String name;
    final Map<String, Object> figures = new LinkedHashMap<>();
    String status = "ok";
    String note;

    Result(String name) {
        this.name = name;
    }

    static Result skipped(String name, String why) {
        Result r = new Result(name);
        r.status = "skipped";
        r.note = why;
        return r;
    }

    static Result failed(String name, String why) {
        Result r = new Result(name);
        r.status = "failed";
        r.note = why;
        return r;
    }

    Result put(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    Result putAll(Map<String, Object> more) {
        figures.putAll(more);
        return this;
    }

    /** Records a target from the issue and whether this run met it. */
    Result target(String text, boolean met) {
        figures.put("target", text);
        figures.put("target_met", met);
        return this;
    }

    Result note(String text) {
        note = note == null ? text : note + "; " + text;
        return this;
    }

    double number(String key) {
        Object v = figures.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.putAll(figures);
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }
}
