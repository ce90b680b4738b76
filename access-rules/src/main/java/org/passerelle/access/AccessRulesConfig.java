package org.passerelle.access;

import java.util.Set;

/**
 * Settings of the rules that are configuration, not law.
 *
 * @param regulationCentres Identifiant_Structure values of SAMU regulation centres allowed to use centre_15
 * @param testMode          accept the test and demo INS OIDs
 * @param checkInsKey       verify the NIR/NIA control key
 */
public record AccessRulesConfig(Set<String> regulationCentres, boolean testMode, boolean checkInsKey) {

    public AccessRulesConfig {
        regulationCentres = regulationCentres == null ? Set.of() : Set.copyOf(regulationCentres);
    }

    /** Production defaults: no regulation centre, production INS only, key checked. */
    public static AccessRulesConfig defaults() { return new AccessRulesConfig(Set.of(), false, true); }

    public AccessRulesConfig withRegulationCentres(Set<String> centres) { return new AccessRulesConfig(centres, testMode, checkInsKey); }

    public AccessRulesConfig withTestMode(boolean test) { return new AccessRulesConfig(regulationCentres, test, checkInsKey); }

    public AccessRulesConfig withInsKeyCheck(boolean check) { return new AccessRulesConfig(regulationCentres, testMode, check); }
}
