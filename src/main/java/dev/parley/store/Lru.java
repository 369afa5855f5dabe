package dev.parley.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps at most a bound of entries, the least recently used going first. Not thread-safe. */
final class Lru {
    private Lru() {}

    static <K, V> Map<K, V> map(int max) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
