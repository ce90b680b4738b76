package org.passerelle.vihf;

/** An HL7v3 CE value of the assertion (subject:role, purposeofuse). */
public record CodedValue(String code, String codeSystem, String codeSystemName, String displayName) {

    /** "code@codeSystem", the form of {@code Caller.roles}. */
    public String key() {
        return code + "@" + codeSystem;
    }
}
