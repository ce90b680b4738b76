package org.passerelle.gateway.access;

import org.passerelle.access.AccessDecision;
import org.passerelle.gateway.spi.AccessDenied;

/**
 * A refusal by the DMP rules, carrying the decision and so the IHE error code it maps to
 * ({@link #errorCode()}: XDSUnknownPatientId for a closed/opposed record, XDSDocumentUniqueIdError for a
 * deleted document, XDSRegistryError for most refusals…). Gateways that only know {@link AccessDenied}
 * answer XDSRegistryError with codeContext "R-xx: …".
 */
public class DmpAccessDenied extends AccessDenied {
    private final AccessDecision decision;

    public DmpAccessDenied(AccessDecision decision) {
        super(decision.ruleId(), decision.reason());
        this.decision = decision;
    }

    public AccessDecision decision() { return decision; }

    /** The ebRS errorCode, e.g. "XDSUnknownPatientId". */
    @Override
    public String errorCode() { return decision.failure() == null ? "XDSRegistryError" : decision.failure().errorCode(); }
}
