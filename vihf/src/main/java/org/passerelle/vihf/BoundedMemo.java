package org.passerelle.vihf;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The remembered results of a pure function, null results included. The keys come from messages not authenticated
 * yet, so memory stays bounded: keys the filter refuses are computed but not remembered, and the memo is cleared when
 * it holds {@code max} entries. Thread-safe; two threads may compute the same key once each.
 */
final class BoundedMemo<K, V> {

    /** The function remembered; it may refuse its input with an exception, which is not remembered. */
    interface Computation<K, V, E extends Exception> {
        V compute(K key) throws E;
    }

    private final Map<K, Optional<V>> entries = new ConcurrentHashMap<>();
    private final int max;
    private final Predicate<K> remembered;

    BoundedMemo(int max, Predicate<K> remembered) {
        this.max = max;
        this.remembered = remembered;
    }

    <E extends Exception> V get(K key, Computation<K, V, E> computation) throws E {
        Optional<V> known = entries.get(key);
        if (known == null) {
            known = Optional.ofNullable(computation.compute(key));
            if (remembered.test(key)) {
                if (entries.size() >= max) entries.clear();
                entries.put(key, known);
            }
        }
        return known.orElse(null);
    }

    int size() {
        return entries.size();
    }
}
