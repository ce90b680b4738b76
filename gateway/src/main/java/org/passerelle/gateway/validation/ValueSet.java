package org.passerelle.gateway.validation;

import java.util.Set;

/**
 * A set of allowed codes, each written {@code code|codeSystem}. {@code openSchemes} lists code systems in which any
 * code is accepted (the project's defaults when no CI-SIS kit is configured and the exact list is not confirmed).
 */
public record ValueSet(String name, Set<String> codes, Set<String> openSchemes) {

    public ValueSet {
        codes = Set.copyOf(codes);
        openSchemes = Set.copyOf(openSchemes);
    }

    public boolean contains(String code, String codeSystem) {
        if (code == null) return false;
        return codes.contains(code + "|" + codeSystem) || (codeSystem != null && openSchemes.contains(codeSystem));
    }
}
