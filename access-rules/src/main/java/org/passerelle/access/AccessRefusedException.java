package org.passerelle.access;

/** An {@link AccessDecision} that refused, as an exception for callers that prefer one. */
public class AccessRefusedException extends RuntimeException {
    private final AccessDecision decision;

    public AccessRefusedException(AccessDecision decision) {
        super(decision.codeContext());
        this.decision = decision;
    }

    public AccessDecision decision() { return decision; }
}
