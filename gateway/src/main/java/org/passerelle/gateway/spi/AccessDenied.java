package org.passerelle.gateway.spi;

/** An access refusal by rule {@link #ruleId()} (an R-xx id of docs/dmp-access-rules.md). */
public class AccessDenied extends Exception {
    private final String ruleId;

    public AccessDenied(String ruleId, String message) {
        super(ruleId + ": " + message);
        this.ruleId = ruleId;
    }

    public String ruleId() { return ruleId; }

    /** The ebRS errorCode the endpoints answer (opcode, e.g. "XDSRegistryError", the default). */
    public String errorCode() { return "XDSRegistryError"; }
}
