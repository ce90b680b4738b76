package org.passerelle.cda.metadata;

/** A coded value read from the CDA ({@code @code}, {@code @displayName}, {@code @codeSystem}). */
public record CodedValue(String code, String displayName, String codeSystem) {

    /** The French slot notation {@code code^display^codingScheme}. */
    public String asCe() {
        return code + "^" + (displayName == null ? "" : displayName) + "^" + (codeSystem == null ? "" : codeSystem);
    }

    @Override
    public String toString() {
        return asCe();
    }
}
