package dev.parley.dialect.helpdesk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body that does not fit the seed's serializer, with every field's problems at once, as a
 * DRF serializer reports them: {@code {"body": ["This field may not be blank."]}}.
 */
final class Rejected extends RuntimeException {
    private final Map<String, List<String>> fields;

    Rejected(Map<String, List<String>> fields) {
        super("invalid fields " + fields.keySet(), null, false, false);
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    Map<String, List<String>> fields() {
        return fields;
    }
}
