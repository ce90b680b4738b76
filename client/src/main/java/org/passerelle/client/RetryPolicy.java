package org.passerelle.client;

import java.time.Duration;
import java.util.Set;

/**
 * When the {@link Outbox} tries again: exponential backoff from {@code initialDelay}, doubled after each
 * failed attempt up to {@code maxDelay}; {@code maxAttempts} 0 = never give up (the durable default). Only failures
 * that may heal by themselves are retried: the gateway unreachable or answering HTTP 5xx, or a server-side SOAP
 * fault. A registry refusal or a Sender fault would be refused again: it is not retried.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    private static final Set<ClientFailure> RETRYABLE = Set.of(ClientFailure.TRANSPORT, ClientFailure.SERVER_FAULT);

    public RetryPolicy {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxAttempts < 0) {
            throw new IllegalArgumentException("retry policy: 0 <= initialDelay <= maxDelay and maxAttempts >= 0 (0 = no limit)");
        }
    }

    /** 30 s, doubling up to 30 min, no limit. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), 0);
    }

    public boolean retryable(ClientFailure f) {
        return RETRYABLE.contains(f);
    }

    public boolean exhausted(int attemptsSoFar) {
        return maxAttempts > 0 && attemptsSoFar >= maxAttempts;
    }

    /** The wait after the n-th failed attempt (n >= 1). */
    public Duration delayAfter(int attempt) {
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
