package org.passerelle.access;

/**
 * One access decision: allowed or not, the rule that decided (an R-xx id) and why, in words an integrator can act on.
 *
 * @param failure the refusal, or null when allowed
 */
public record AccessDecision(boolean allowed, String ruleId, String reason, AccessFailure failure) {

    public static AccessDecision allow(String ruleId, String reason) {
        return new AccessDecision(true, ruleId, reason, null);
    }

    public static AccessDecision deny(AccessFailure failure, String reason) {
        return new AccessDecision(false, failure.ruleId(), reason, failure);
    }

    public boolean denied() { return !allowed; }

    /** "R-xx: reason", the codeContext form the gateway puts in its RegistryError. */
    public String codeContext() { return ruleId + ": " + reason; }

    /** Throws when refused; returns this otherwise. */
    public AccessDecision orThrow() {
        if (!allowed) throw new AccessRefusedException(this);
        return this;
    }
}
