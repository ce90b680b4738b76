package org.passerelle.gateway.access;

import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.gateway.audit.AdminToken;
import org.passerelle.registry.XdsStore;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the DMP policy from the gateway's configuration properties:
 * <ul>
 * <li>{@code access.matrix} — habilitation matrix file (default: the project's matrix from tables 2.1/2.2); a broken
 *     file stops the start with every problem and its line;</li>
 * <li>{@code access.regulation-centres} — comma-separated Identifiant_Structure allowed to use centre_15 ;</li>
 * <li>{@code access.ins-key-check} — verify the NIR/NIA key (default true);</li>
 * <li>{@code access.patient-roles}, {@code access.legal-representative-roles} — VIHF role-1 values ("code@system")
 *     of patient-side callers (default none).</li>
 * </ul>
 * With an admin token ({@code admin.token}), {@link #recordStateHandler} serves the R-07 record state.
 * The test/demo INS OIDs follow the gateway's own setting ({@code insTestOids}).
 */
public final class DmpAccessSetup {

    private DmpAccessSetup() { }

    /** @throws org.passerelle.access.MatrixException when the matrix file is unreadable or invalid */
    public static DmpAccessPolicy policy(Map<String, String> properties, XdsStore store, DataSource dataSource, boolean insTestOids) {
        String file = properties.get("access.matrix");
        HabilitationMatrix matrix = file == null || file.isBlank() ? HabilitationMatrix.defaultMatrix() : HabilitationMatrix.load(Path.of(file.trim()));
        AccessRulesConfig config = new AccessRulesConfig(list(properties.get("access.regulation-centres")), insTestOids,
                !"false".equalsIgnoreCase(properties.getOrDefault("access.ins-key-check", "true").trim()));
        CallerActors actors = new CallerActors(list(properties.get("access.patient-roles")),
                list(properties.get("access.legal-representative-roles")));
        return new DmpAccessPolicy(new AccessRules(matrix, config), new RegistryPatientRecords(store.patients()),
                JdbcPatientDecisions.open(dataSource), DocumentLookup.viaQueries(store::query, store::documentStatus), actors, null);
    }

    /**
     * the record-state endpoint ({@link RecordStateHandler}), or null when no admin token is configured
     * ({@code admin.token} or {@code audit.admin-token}).
     */
    public static RecordStateHandler recordStateHandler(Map<String, String> properties, XdsStore store, DataSource dataSource,
                                                        boolean insTestOids) {
        AdminToken token = AdminToken.fromProperties(properties);
        if (token == null) return null;
        AccessRulesConfig config = new AccessRulesConfig(Set.of(), insTestOids,
                !"false".equalsIgnoreCase(properties.getOrDefault("access.ins-key-check", "true").trim()));
        return new RecordStateHandler(new AccessRules(HabilitationMatrix.defaultMatrix(), config),
                new RegistryPatientRecords(store.patients()), JdbcPatientDecisions.open(dataSource), token);
    }

    static Set<String> list(String value) {
        if (value == null || value.isBlank()) return Set.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
