package org.passerelle.vihf;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A replay cache for one JVM (development, tests, a single gateway node). Expired entries are purged as it goes. */
public final class InMemoryReplayCache implements ReplayCache {
    private static final int PURGE_EVERY = 1024;

    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicInteger inserts = new AtomicInteger();
    private final Clock clock;

    public InMemoryReplayCache() {
        this(Clock.systemUTC());
    }

    public InMemoryReplayCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String issuer, String assertionId, Instant expiresAt) {
        Instant now = clock.instant();
        if (inserts.incrementAndGet() % PURGE_EVERY == 0) {
            seen.values().removeIf(exp -> exp.isBefore(now));
        }
        String key = issuer + '\n' + assertionId;
        boolean[] first = {false};
        seen.compute(key, (k, previous) -> {
            if (previous == null || previous.isBefore(now)) {
                first[0] = true;
                return expiresAt;
            }
            return previous;
        });
        return first[0];
    }

    public int size() {
        return seen.size();
    }
}
