package org.passerelle.access;

import java.time.Instant;

/**
 * A patient's consent to consultation: for a whole care team (an establishment, {@link Scope#CARE_TEAM},
 * consent presumed for each of its members) or for one professional ({@link Scope#PROFESSIONAL}, explicit).
 *
 * @param grantee  Identifiant_Structure for a care team, the professional's NameID otherwise
 * @param until    end of validity (exclusive), or null for open-ended
 */
public record Consent(Scope scope, String grantee, Instant from, Instant until) {

    public enum Scope { CARE_TEAM, PROFESSIONAL }

    public Consent {
        if (scope == null || grantee == null || grantee.isBlank()) throw new IllegalArgumentException("consent needs a scope and a grantee");
        if (from == null) throw new IllegalArgumentException("consent needs a start");
        if (until != null && !until.isAfter(from)) throw new IllegalArgumentException("consent ends before it starts");
    }

    public boolean validAt(Instant t) { return !t.isBefore(from) && (until == null || t.isBefore(until)); }

    public boolean covers(Actor actor) {
        return scope == Scope.CARE_TEAM ? grantee.equals(actor.structureId()) : grantee.equals(actor.subjectId());
    }
}
