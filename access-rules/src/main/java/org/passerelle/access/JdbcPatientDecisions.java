package org.passerelle.access;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Patient decisions stored in the database (tables {@code access_*}, Flyway {@code db/migration/access}), with the
 * admin operations that set them. One read per request ({@link #forPatient}); writes are single statements or one
 * transaction each, so a decision is either fully recorded or not at all.
 */
public final class JdbcPatientDecisions implements PatientDecisions, AirContracts {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPatientDecisions.class);

    private final DataSource dataSource;

    private JdbcPatientDecisions(DataSource dataSource) { this.dataSource = dataSource; }

    /** Migrates the schema (table flyway_history_access) and returns the store. */
    public static JdbcPatientDecisions open(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/access")
                .table("flyway_history_access").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        return new JdbcPatientDecisions(dataSource);
    }

    /** Everything about one patient in one round trip (one indexed lookup per table). */
    private static final String READ_ALL = """
            SELECT 'flags', CASE WHEN consultation_opposed THEN '1' ELSE '0' END, CASE WHEN emergency_allowed THEN '1' ELSE '0' END,
                   CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS TIMESTAMP WITH TIME ZONE)
              FROM access_patient_flags WHERE patient_id = ?
            UNION ALL SELECT 'feed', type_code, CAST(NULL AS VARCHAR(200)), CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS TIMESTAMP WITH TIME ZONE)
              FROM access_feeding_opposition WHERE patient_id = ?
            UNION ALL SELECT 'block', subject_id, CAST(NULL AS VARCHAR(200)), CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS TIMESTAMP WITH TIME ZONE)
              FROM access_blocked_professional WHERE patient_id = ?
            UNION ALL SELECT 'consent', scope, grantee, valid_from, valid_until
              FROM access_consent WHERE patient_id = ?
            """;

    @Override
    public PatientDecisionSet forPatient(String patientId) {
        Objects.requireNonNull(patientId, "patientId");
        boolean opposed = false, emergency = true;
        Set<String> feeding = new HashSet<>(), blocked = new HashSet<>();
        List<Consent> consents = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ_ALL)) {
            for (int i = 1; i <= 4; i++) ps.setString(i, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "flags" -> { opposed = "1".equals(rs.getString(2)); emergency = "1".equals(rs.getString(3)); }
                        case "feed" -> feeding.add(rs.getString(2));
                        case "block" -> blocked.add(rs.getString(2));
                        default -> {
                            OffsetDateTime until = rs.getObject(5, OffsetDateTime.class);
                            consents.add(new Consent(Consent.Scope.valueOf(rs.getString(2)), rs.getString(3),
                                    rs.getObject(4, OffsetDateTime.class).toInstant(), until == null ? null : until.toInstant()));
                        }
                    }
                }
            }
            return new PatientDecisionSet(patientId, opposed, feeding, blocked, emergency, consents);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the decisions of patient " + patientId + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- admin API

    /** opposition to consultation (no reason needed), or its withdrawal. */
    public void setConsultationOpposed(String patientId, boolean opposed) {
        upsertFlag(patientId, "consultation_opposed", opposed);
        LOG.info("patient {}: consultation opposition {}", patientId, opposed ? "recorded" : "withdrawn");
    }

    /** allow or forbid emergency accesses (allowed by default). */
    public void setEmergencyAllowed(String patientId, boolean allowed) {
        upsertFlag(patientId, "emergency_allowed", allowed);
        LOG.info("patient {}: emergency access {}", patientId, allowed ? "allowed" : "forbidden");
    }

    /** opposition to feeding, for one typeCode or {@link PatientDecisionSet#ALL_TYPES}; a legitimate reason is required. */
    public void opposeFeeding(String patientId, String typeCode, String reason) {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("R-04: an opposition to feeding requires a legitimate reason");
        if (typeCode == null || typeCode.isBlank()) throw new IllegalArgumentException("R-04: give a typeCode or * for every type");
        update("DELETE FROM access_feeding_opposition WHERE patient_id = ? AND type_code = ?", patientId, typeCode);
        update("INSERT INTO access_feeding_opposition (patient_id, type_code, reason, created_at) VALUES (?, ?, ?, ?)",
                patientId, typeCode, reason, now());
    }

    public void withdrawFeedingOpposition(String patientId, String typeCode) {
        update("DELETE FROM access_feeding_opposition WHERE patient_id = ? AND type_code = ?", patientId, typeCode);
    }

    /** block a professional (by VIHF NameID). Idempotent. */
    public void block(String patientId, String subjectId) {
        inTransaction(c -> {
            exec(c, "DELETE FROM access_blocked_professional WHERE patient_id = ? AND subject_id = ?", patientId, subjectId);
            exec(c, "INSERT INTO access_blocked_professional (patient_id, subject_id, created_at) VALUES (?, ?, ?)",
                    patientId, subjectId, now());
        });
    }

    public void unblock(String patientId, String subjectId) {
        update("DELETE FROM access_blocked_professional WHERE patient_id = ? AND subject_id = ?", patientId, subjectId);
    }

    /** record (or replace) a consent. */
    public void grantConsent(String patientId, Consent consent) {
        inTransaction(c -> {
            exec(c, "DELETE FROM access_consent WHERE patient_id = ? AND scope = ? AND grantee = ?",
                    patientId, consent.scope().name(), consent.grantee());
            exec(c, "INSERT INTO access_consent (patient_id, scope, grantee, valid_from, valid_until) VALUES (?, ?, ?, ?, ?)",
                    patientId, consent.scope().name(), consent.grantee(), utc(consent.from()),
                    consent.until() == null ? null : utc(consent.until()));
        });
    }

    public void revokeConsent(String patientId, Consent.Scope scope, String grantee) {
        update("DELETE FROM access_consent WHERE patient_id = ? AND scope = ? AND grantee = ?", patientId, scope.name(), grantee);
    }

    // ---------------------------------------------------------------- R-83 AIR contracts

    @Override
    public Optional<AirContract> forEstablishment(String structureId) {
        if (structureId == null) return Optional.empty();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT valid_from, valid_until, reference FROM access_air_contract WHERE structure_id = ?")) {
            ps.setString(1, structureId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                OffsetDateTime until = rs.getObject(2, OffsetDateTime.class);
                return Optional.of(new AirContract(structureId, rs.getObject(1, OffsetDateTime.class).toInstant(),
                        until == null ? null : until.toInstant(), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the AIR contract of " + structureId + ": " + e.getMessage(), e);
        }
    }

    /** record (or replace) an establishment's AIR contract. */
    public void setAirContract(AirContract contract) {
        inTransaction(c -> {
            exec(c, "DELETE FROM access_air_contract WHERE structure_id = ?", contract.structureId());
            exec(c, "INSERT INTO access_air_contract (structure_id, valid_from, valid_until, reference) VALUES (?, ?, ?, ?)",
                    contract.structureId(), utc(contract.from()), contract.until() == null ? null : utc(contract.until()), contract.reference());
        });
        LOG.info("AIR contract of {} recorded ({} .. {})", contract.structureId(), contract.from(), contract.until());
    }

    public void removeAirContract(String structureId) {
        update("DELETE FROM access_air_contract WHERE structure_id = ?", structureId);
    }

    // ---------------------------------------------------------------- plumbing

    private void upsertFlag(String patientId, String column, boolean value) {
        inTransaction(c -> {
            int n = exec(c, "UPDATE access_patient_flags SET " + column + " = ?, updated_at = ? WHERE patient_id = ?",
                    value, now(), patientId);
            if (n == 0) {
                exec(c, "INSERT INTO access_patient_flags (patient_id, consultation_opposed, emergency_allowed, updated_at) VALUES (?, ?, ?, ?)",
                        patientId, column.equals("consultation_opposed") && value,
                        !column.equals("emergency_allowed") || value, now());
            }
        });
    }

    private interface SqlWork { void run(Connection c) throws SQLException; }

    private void inTransaction(SqlWork work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the patient decision: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) { inTransaction(c -> exec(c, sql, args)); }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }

    private static OffsetDateTime now() { return OffsetDateTime.now(ZoneOffset.UTC); }

    private static OffsetDateTime utc(Instant i) { return i.atOffset(ZoneOffset.UTC); }
}
