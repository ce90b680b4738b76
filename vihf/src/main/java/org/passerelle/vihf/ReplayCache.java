package org.passerelle.vihf;

import java.time.Instant;

/**
 * Remembers the assertions already used, so that each is accepted once. Implementations are thread-safe, and the
 * check-and-remember is atomic (two concurrent requests with one token: exactly one wins).
 */
public interface ReplayCache {

    /**
     * @param issuer      the assertion's Issuer
     * @param assertionId the assertion's ID
     * @param expiresAt   when the entry may be forgotten (token expiry plus clock skew)
     * @return true the first time this (issuer, ID) is seen before {@code expiresAt}, false for a replay
     */
    boolean firstUse(String issuer, String assertionId, Instant expiresAt);
}
