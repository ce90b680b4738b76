package org.passerelle.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side of the audit trail: chain verification and patient access history. Needs no writer. */
public final class AuditReader {

    /** Columns covered by a row's hash, in hashing order (event_time as epoch milliseconds). */
    static final String HASHED_COLUMNS = "chain_id, seq, event_time, transaction_id, outcome, user_id, user_name, "
            + "structure_id, profession, specialty, auth_mode, access_mode, emergency_reason, patient_id, document_ids, "
            + "rule_id, detail, atna_xml";

    private final DataSource dataSource;

    public AuditReader(DataSource dataSource) { this.dataSource = dataSource; }

    /**
     * Recomputes every link of every chain (partition) in order: sequence numbers contiguous from 1, each row's
     * prev_hash equal to the previous row's hash, each hash equal to the recomputed one, and each chain's last row
     * equal to its recorded head. Streams the rows (constant memory).
     */
    public ChainVerification verifyChain() {
        Map<String, long[]> headSeq = new HashMap<>();
        Map<String, String> headHash = new HashMap<>();
        long rows = 0;
        int chains = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT chain_id, seq, hash FROM audit_chain_head");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    headSeq.put(rs.getString(1), new long[]{rs.getLong(2)});
                    headHash.put(rs.getString(1), rs.getString(3));
                }
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT id, prev_hash, hash, " + HASHED_COLUMNS
                    + " FROM audit_event ORDER BY chain_id, seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    String chain = null;
                    long expectedSeq = 0;
                    String prev = null;
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        String chainId = rs.getString("chain_id");
                        long seq = rs.getLong("seq");
                        if (!chainId.equals(chain)) {
                            if (chain != null) {
                                Optional<ChainVerification.BrokenLink> tail = checkHead(chain, expectedSeq, prev, headSeq, headHash);
                                if (tail.isPresent()) return new ChainVerification(rows, chains, tail);
                            }
                            chain = chainId;
                            chains++;
                            expectedSeq = 0;
                            prev = ChainHash.GENESIS;
                        }
                        expectedSeq++;
                        if (seq != expectedSeq) {
                            return broken(rows, chains, chainId, seq, id, "sequence jumps from " + (expectedSeq - 1) + " to " + seq + " (rows removed)");
                        }
                        if (!prev.equals(rs.getString("prev_hash"))) {
                            return broken(rows, chains, chainId, seq, id, "prev_hash does not match the hash of the previous row");
                        }
                        String recomputed = ChainHash.of(prev, hashedValues(rs));
                        if (!recomputed.equals(rs.getString("hash"))) {
                            return broken(rows, chains, chainId, seq, id, "the row's content does not match its hash (modified)");
                        }
                        prev = recomputed;
                        rows++;
                    }
                    if (chain != null) {
                        Optional<ChainVerification.BrokenLink> tail = checkHead(chain, expectedSeq, prev, headSeq, headHash);
                        if (tail.isPresent()) return new ChainVerification(rows, chains, tail);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
            for (Map.Entry<String, long[]> h : headSeq.entrySet()) {
                return new ChainVerification(rows, chains, Optional.of(new ChainVerification.BrokenLink(h.getKey(),
                        h.getValue()[0], 0, AuditFailure.HEAD_WITHOUT_ROWS,
                        AuditFailure.HEAD_WITHOUT_ROWS.message(h.getKey(), h.getValue()[0]))));
            }
            return new ChainVerification(rows, chains, Optional.empty());
        } catch (SQLException e) {
            throw new IllegalStateException(AuditFailure.DATABASE_UNAVAILABLE.message("", e.getMessage()), e);
        }
    }

    private static Optional<ChainVerification.BrokenLink> checkHead(String chain, long lastSeq, String lastHash,
                                                                   Map<String, long[]> headSeq, Map<String, String> headHash) {
        long[] h = headSeq.remove(chain);
        String hh = headHash.get(chain);
        if (h == null) return Optional.empty(); // a chain being written for the first time right now
        if (h[0] > lastSeq || (h[0] == lastSeq && !lastHash.equals(hh))) {
            return Optional.of(new ChainVerification.BrokenLink(chain, lastSeq, 0, AuditFailure.CHAIN_TRUNCATED,
                    AuditFailure.CHAIN_TRUNCATED.message(chain, lastSeq, h[0])));
        }
        return Optional.empty();
    }

    private static ChainVerification broken(long rows, int chains, String chainId, long seq, long id, String why) {
        return new ChainVerification(rows, chains, Optional.of(new ChainVerification.BrokenLink(chainId, seq, id,
                AuditFailure.CHAIN_BROKEN, AuditFailure.CHAIN_BROKEN.message(chainId, seq, id, why))));
    }

    static Object[] hashedValues(ResultSet rs) throws SQLException {
        String[] cols = HASHED_COLUMNS.split(",\\s*");
        Object[] out = new Object[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = switch (cols[i]) {
                case "seq" -> rs.getLong("seq");
                case "event_time" -> rs.getObject("event_time", OffsetDateTime.class).toInstant().toEpochMilli();
                default -> rs.getString(cols[i]);
            };
        }
        return out;
    }

    /** every audited action on the patient's record in [from, to), oldest first. Null bounds are open. */
    public List<AccessHistoryEntry> history(String patientId, Instant from, Instant to) {
        String sql = "SELECT id, event_time, transaction_id, outcome, user_id, user_name, structure_id, profession, specialty, "
                + "access_mode, emergency_reason, document_ids, rule_id, detail FROM audit_event WHERE patient_key = ? "
                + "AND event_time >= ? AND event_time < ? ORDER BY event_time, id";
        List<AccessHistoryEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, AuditEvent.patientKey(patientId));
            ps.setObject(2, (from == null ? Instant.parse("1970-01-01T00:00:00Z") : from).atOffset(ZoneOffset.UTC));
            ps.setObject(3, (to == null ? Instant.parse("9999-01-01T00:00:00Z") : to).atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String docs = rs.getString("document_ids");
                    out.add(new AccessHistoryEntry(rs.getLong("id"), rs.getObject("event_time", OffsetDateTime.class).toInstant(),
                            rs.getString("transaction_id"), AuditEvent.Outcome.valueOf(rs.getString("outcome")),
                            rs.getString("user_id"), rs.getString("user_name"), rs.getString("structure_id"),
                            rs.getString("profession"), rs.getString("specialty"), rs.getString("access_mode"),
                            rs.getString("emergency_reason"),
                            docs == null || docs.isEmpty() ? List.of() : Arrays.asList(docs.split(" ")),
                            rs.getString("rule_id"), rs.getString("detail")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(AuditFailure.DATABASE_UNAVAILABLE.message("", e.getMessage()), e);
        }
    }

    /** The stored ATNA DICOM XML of one row, for export and inspection. */
    public Optional<String> atnaXml(long rowId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT atna_xml FROM audit_event WHERE id = ?")) {
            ps.setLong(1, rowId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(AuditFailure.DATABASE_UNAVAILABLE.message("", e.getMessage()), e);
        }
    }
}
