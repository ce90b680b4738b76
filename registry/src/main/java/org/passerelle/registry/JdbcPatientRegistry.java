package org.passerelle.registry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** {@link PatientRegistry} on table reg_patient. */
final class JdbcPatientRegistry implements PatientRegistry {
    private final DataSource ds;

    JdbcPatientRegistry(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<PatientRecord> find(String patientIdCx) {
        try {
            return Jdbc.read(ds, c -> find(c, patientIdCx));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read patient " + patientIdCx + ": " + e.getMessage(), e);
        }
    }

    static Optional<PatientRecord> find(Connection c, String patientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT patient_id, state, name, reason, created_at, updated_at, activated, activated_at, state_since FROM reg_patient WHERE patient_id = ?")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public PatientRecord register(String patientIdCx, String name) {
        requireId(patientIdCx);
        try {
            return Jdbc.inTransaction(ds, c -> register(c, patientIdCx, name));
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                // registered concurrently by another node: idempotent
                return find(patientIdCx).orElseThrow();
            }
            throw new IllegalStateException("cannot register patient " + patientIdCx + ": " + e.getMessage(), e);
        }
    }

    static PatientRecord register(Connection c, String patientId, String name) throws SQLException {
        Optional<PatientRecord> existing = find(c, patientId);
        long now = Instant.now().toEpochMilli();
        if (existing.isPresent()) {
            if (name != null && !name.equals(existing.get().name())) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE reg_patient SET name = ?, updated_at = ? WHERE patient_id = ?")) {
                    ps.setString(1, name);
                    ps.setLong(2, now);
                    ps.setString(3, patientId);
                    ps.executeUpdate();
                }
                return find(c, patientId).orElseThrow();
            }
            return existing.get();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO reg_patient (patient_id, state, name, reason, created_at, updated_at, activated, state_since)"
                        + " VALUES (?, ?, ?, NULL, ?, ?, FALSE, ?)")) {
            ps.setString(1, patientId);
            ps.setString(2, State.ACTIVE.name());
            ps.setString(3, name);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
        return find(c, patientId).orElseThrow();
    }

    @Override
    public void setState(String patientIdCx, State state, String reason) {
        requireId(patientIdCx);
        if (state == null) throw new IllegalArgumentException("state is required");
        try {
            int n = Jdbc.inTransaction(ds, c -> {
                // state_since moves only when the state changes (a new reason for the same state keeps its date)
                long now = Instant.now().toEpochMilli();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE reg_patient SET state_since = CASE WHEN state = ? THEN COALESCE(state_since, created_at) ELSE ? END,"
                                + " state = ?, reason = ?, updated_at = ? WHERE patient_id = ?")) {
                    ps.setString(1, state.name());
                    ps.setLong(2, now);
                    ps.setString(3, state.name());
                    ps.setString(4, reason);
                    ps.setLong(5, now);
                    ps.setString(6, patientIdCx);
                    return ps.executeUpdate();
                }
            });
            if (n == 0) throw new NoSuchElementException("patient " + patientIdCx + " is not registered");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the state of patient " + patientIdCx + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setActivated(String patientIdCx, boolean activated) {
        requireId(patientIdCx);
        try {
            int n = Jdbc.inTransaction(ds, c -> {
                long now = Instant.now().toEpochMilli();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE reg_patient SET activated_at = CASE WHEN activated = ? THEN activated_at WHEN ? THEN ? ELSE NULL END,"
                                + " activated = ?, updated_at = ? WHERE patient_id = ?")) {
                    ps.setBoolean(1, activated);
                    ps.setBoolean(2, activated);
                    ps.setLong(3, now);
                    ps.setBoolean(4, activated);
                    ps.setLong(5, now);
                    ps.setString(6, patientIdCx);
                    return ps.executeUpdate();
                }
            });
            if (n == 0) throw new NoSuchElementException("patient " + patientIdCx + " is not registered");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the activation of patient " + patientIdCx + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<PatientRecord> list(int limit) {
        try {
            return Jdbc.read(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT patient_id, state, name, reason, created_at, updated_at, activated, activated_at, state_since FROM reg_patient ORDER BY patient_id LIMIT ?")) {
                    ps.setInt(1, Math.max(0, limit));
                    List<PatientRecord> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(map(rs));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list patients: " + e.getMessage(), e);
        }
    }

    private static PatientRecord map(ResultSet rs) throws SQLException {
        Instant created = Instant.ofEpochMilli(rs.getLong(5));
        long activatedAt = rs.getLong(8);
        Instant activatedTime = rs.wasNull() ? null : Instant.ofEpochMilli(activatedAt);
        long since = rs.getLong(9);
        Instant stateSince = rs.wasNull() ? created : Instant.ofEpochMilli(since);
        return new PatientRecord(rs.getString(1), State.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                created, Instant.ofEpochMilli(rs.getLong(6)), rs.getBoolean(7), activatedTime, stateSince);
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("patient id is required");
    }
}
