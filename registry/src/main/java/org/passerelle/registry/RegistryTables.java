package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Row-level access to the registry tables (inserts, lookups, status changes). All SQL runs on H2 and PostgreSQL. */
final class RegistryTables {
    private static final int IN_BATCH = 200;

    private final MetadataCodec codec;

    RegistryTables(MetadataCodec codec) {
        this.codec = codec;
    }

    // ---------------------------------------------------------------- inserts

    void insertObjectIds(Connection c, Map<String, String> kindsByUuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_object (entry_uuid, kind) VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : kindsByUuid.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The reg_code rows of a submission, inserted in one statement batch by {@link #insert}. */
    static final class Codes {
        private final List<String[]> rows = new ArrayList<>(); // object uuid, kind, code, scheme

        void add(String uuid, List<String[]> codes) {
            for (String[] code : codes) rows.add(new String[]{uuid, code[0], code[1], code[2]});
        }

        void insert(Connection c) throws SQLException {
            if (rows.isEmpty()) return;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_code (object_uuid, kind, code, scheme) VALUES (?, ?, ?, ?)")) {
                for (String[] row : rows) {
                    for (int i = 0; i < 4; i++) ps.setString(i + 1, row[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Inserts the entries in one batch, {@code registeredAt} counting up from {@code order}; returns the next order. */
    long insertDocumentEntries(Connection c, List<DocumentEntry> entries, String status, long order, Codes codes) throws SQLException {
        if (entries.isEmpty()) return order;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_document_entry (entry_uuid, logical_uuid, version, "
                + "unique_id, patient_id, status, entry_type, creation_time, service_start, service_stop, repository_uid, "
                + "hash, doc_size, mime_type, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DocumentEntry de : entries) {
                ps.setString(1, de.getEntryUuid());
                ps.setString(2, de.getLogicalUuid());
                ps.setInt(3, versionOf(de));
                ps.setString(4, de.getUniqueId());
                ps.setString(5, Statuses.patientKey(de.getPatientId()));
                ps.setString(6, status);
                ps.setString(7, entryType(de.getType()));
                setLong(ps, 8, Statuses.epochSeconds(de.getCreationTime()));
                setLong(ps, 9, Statuses.epochSeconds(de.getServiceStartTime()));
                setLong(ps, 10, Statuses.epochSeconds(de.getServiceStopTime()));
                ps.setString(11, de.getRepositoryUniqueId());
                ps.setString(12, de.getHash() == null ? null : de.getHash().toLowerCase(java.util.Locale.ROOT));
                setLong(ps, 13, de.getSize());
                ps.setString(14, de.getMimeType());
                ps.setLong(15, order++);
                ps.setString(16, codec.write(de));
                ps.addBatch();
                codes.add(de.getEntryUuid(), documentEntryCodes(de));
            }
            ps.executeBatch();
        }
        return order;
    }

    static List<String[]> documentEntryCodes(DocumentEntry de) {
        List<String[]> codes = new ArrayList<>();
        addCode(codes, "class", de.getClassCode());
        addCode(codes, "type", de.getTypeCode());
        addCode(codes, "format", de.getFormatCode());
        addCode(codes, "facility", de.getHealthcareFacilityTypeCode());
        addCode(codes, "practice", de.getPracticeSettingCode());
        for (Code code : de.getConfidentialityCodes()) addCode(codes, "conf", code);
        for (Code code : de.getEventCodeList()) addCode(codes, "event", code);
        addAuthors(codes, de.getAuthors());
        for (ReferenceId ref : de.getReferenceIdList()) {
            String r = Hl7v2Based.render(ref);
            if (r != null) codes.add(new String[]{"refid", r, null});
        }
        return codes;
    }

    void insertSubmissionSet(Connection c, SubmissionSet ss, String status, long now, Codes codes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_submission_set (entry_uuid, unique_id, patient_id, "
                + "status, submission_time, source_id, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ss.getEntryUuid());
            ps.setString(2, ss.getUniqueId());
            ps.setString(3, Statuses.patientKey(ss.getPatientId()));
            ps.setString(4, status);
            setLong(ps, 5, Statuses.epochSeconds(ss.getSubmissionTime()));
            ps.setString(6, ss.getSourceId());
            ps.setLong(7, now);
            ps.setString(8, codec.write(ss));
            ps.executeUpdate();
        }
        List<String[]> own = new ArrayList<>();
        addCode(own, "content", ss.getContentTypeCode());
        addAuthors(own, ss.getAuthors());
        codes.add(ss.getEntryUuid(), own);
    }

    void insertFolder(Connection c, Folder f, String status, long lastUpdate, long now, Codes codes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_folder (entry_uuid, logical_uuid, version, unique_id, "
                + "patient_id, status, last_update_time, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, f.getEntryUuid());
            ps.setString(2, f.getLogicalUuid() == null ? f.getEntryUuid() : f.getLogicalUuid());
            ps.setInt(3, versionOf(f.getVersion() == null ? null : f.getVersion().getVersionName()));
            ps.setString(4, f.getUniqueId());
            ps.setString(5, Statuses.patientKey(f.getPatientId()));
            ps.setString(6, status);
            ps.setLong(7, lastUpdate);
            ps.setLong(8, now);
            ps.setString(9, codec.write(f));
            ps.executeUpdate();
        }
        List<String[]> own = new ArrayList<>();
        for (Code code : f.getCodeList()) addCode(own, "folder", code);
        codes.add(f.getEntryUuid(), own);
    }

    /** Inserts the associations in one batch, {@code registeredAt} counting up from {@code order}; returns the next order. */
    long insertAssociations(Connection c, List<Association> associations, String status, long order) throws SQLException {
        if (associations.isEmpty()) return order;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reg_association (entry_uuid, assoc_type, source_uuid, "
                + "target_uuid, status, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Association a : associations) {
                ps.setString(1, a.getEntryUuid());
                ps.setString(2, a.getAssociationType().getOpcode30());
                ps.setString(3, a.getSourceUuid());
                ps.setString(4, a.getTargetUuid());
                ps.setString(5, status);
                ps.setLong(6, order++);
                ps.setString(7, codec.write(a));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return order;
    }

    private static void addCode(List<String[]> codes, String kind, Code code) {
        if (code != null && code.getCode() != null) codes.add(new String[]{kind, code.getCode(), code.getSchemeName()});
    }

    private static void addAuthors(List<String[]> codes, List<Author> authors) {
        for (Author a : authors) {
            if (a.getAuthorPerson() != null) {
                String p = Hl7v2Based.render(a.getAuthorPerson());
                if (p != null && !p.isEmpty()) codes.add(new String[]{"author", p, null});
            }
        }
    }

    static String entryType(DocumentEntryType t) {
        return t == DocumentEntryType.ON_DEMAND ? "on-demand" : "stable";
    }

    static int versionOf(DocumentEntry de) {
        return versionOf(de.getVersion() == null ? null : de.getVersion().getVersionName());
    }

    static int versionOf(String name) {
        if (name == null) return 1;
        try {
            return Integer.parseInt(name.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    // ---------------------------------------------------------------- lookups

    /** Existing objects among {@code uuids}, with patient and status (latest state). */
    Map<String, ObjectInfo> findObjects(Connection c, Collection<String> uuids) throws SQLException {
        Map<String, ObjectInfo> out = new HashMap<>();
        List<String> all = new ArrayList<>(uuids);
        for (int i = 0; i < all.size(); i += IN_BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_BATCH));
            String in = placeholders(part.size());
            select(c, "SELECT entry_uuid, patient_id, status, logical_uuid, version, unique_id, hash FROM reg_document_entry "
                    + "WHERE entry_uuid IN (" + in + ")", part, rs -> out.put(rs.getString(1), new ObjectInfo(rs.getString(1),
                    ObjectInfo.DOCUMENT_ENTRY, rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7))));
            select(c, "SELECT entry_uuid, patient_id, status, unique_id FROM reg_submission_set WHERE entry_uuid IN (" + in + ")",
                    part, rs -> out.put(rs.getString(1), new ObjectInfo(rs.getString(1), ObjectInfo.SUBMISSION_SET,
                            rs.getString(2), rs.getString(3), rs.getString(1), 1, rs.getString(4), null)));
            select(c, "SELECT entry_uuid, patient_id, status, logical_uuid, version, unique_id FROM reg_folder WHERE entry_uuid IN (" + in + ")",
                    part, rs -> out.put(rs.getString(1), new ObjectInfo(rs.getString(1), ObjectInfo.FOLDER,
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6), null)));
            select(c, "SELECT entry_uuid, status FROM reg_association WHERE entry_uuid IN (" + in + ")",
                    part, rs -> out.put(rs.getString(1), new ObjectInfo(rs.getString(1), ObjectInfo.ASSOCIATION,
                            null, rs.getString(2), rs.getString(1), 1, null, null)));
        }
        return out;
    }

    /** entryUUIDs among {@code uuids} already used by any registry object. */
    List<String> existingUuids(Connection c, Collection<String> uuids) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(uuids);
        for (int i = 0; i < all.size(); i += IN_BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_BATCH));
            select(c, "SELECT entry_uuid FROM reg_object WHERE entry_uuid IN (" + placeholders(part.size()) + ")", part,
                    rs -> out.add(rs.getString(1)));
        }
        return out;
    }

    /** Latest version of each document entry having one of these uniqueIds. */
    Map<String, ObjectInfo> documentEntriesByUniqueId(Connection c, Collection<String> uniqueIds) throws SQLException {
        Map<String, ObjectInfo> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(uniqueIds);
        for (int i = 0; i < all.size(); i += IN_BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_BATCH));
            select(c, "SELECT entry_uuid, patient_id, status, logical_uuid, version, unique_id, hash FROM reg_document_entry "
                    + "WHERE unique_id IN (" + placeholders(part.size()) + ") ORDER BY version", part, rs -> out.put(rs.getString(6),
                    new ObjectInfo(rs.getString(1), ObjectInfo.DOCUMENT_ENTRY, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7))));
        }
        return out;
    }

    /**
     * What the registry already holds that a new submission (ITI-41/42) is checked against, all read before any check.
     *
     * @param patientState     reg_patient state of the submission's patient, or null when unknown
     * @param submissionSetIds uniqueIds of the submission set already registered (0 or 1)
     * @param documents        latest registered version of each submitted DocumentEntry uniqueId
     * @param uuids            entryUUIDs among the submitted ones already used by a registry object
     * @param folderIds        submitted Folder uniqueIds already registered
     */
    record Registered(String patientState, String patientReason, List<String> submissionSetIds,
                      Map<String, ObjectInfo> documents, List<String> uuids, List<String> folderIds) {}

    /** Most parameters {@link #registered} binds in its one statement; beyond, one statement per kind (in batches). */
    private static final int LOOKUP_PARAMETERS = IN_BATCH;

    /**
     * One statement (one round trip) instead of one per kind for the usual submission: the patient's state, and which
     * of the submitted uniqueIds and entryUUIDs are already registered.
     */
    Registered registered(Connection c, String patient, String submissionSetId, List<String> documentIds,
                          List<String> uuids, List<String> folderIds) throws SQLException {
        List<String> setIds = submissionSetId == null ? List.of() : List.of(submissionSetId);
        if (1 + setIds.size() + documentIds.size() + uuids.size() + folderIds.size() > LOOKUP_PARAMETERS) {
            Optional<PatientRecord> p = patient == null ? Optional.empty() : JdbcPatientRegistry.find(c, patient);
            return new Registered(p.map(r -> r.state().name()).orElse(null), p.map(PatientRecord::reason).orElse(null),
                    existingUniqueIds(c, "reg_submission_set", setIds), documentEntriesByUniqueId(c, documentIds),
                    existingUuids(c, uuids), existingUniqueIds(c, "reg_folder", folderIds));
        }
        StringBuilder sql = new StringBuilder("SELECT 'P', state, reason, NULL, NULL, 0, NULL, NULL FROM reg_patient WHERE patient_id = ?");
        List<String> params = new ArrayList<>();
        params.add(patient);
        if (!setIds.isEmpty()) {
            sql.append(" UNION ALL SELECT 'S', unique_id, NULL, NULL, NULL, 0, NULL, NULL FROM reg_submission_set WHERE unique_id = ?");
            params.addAll(setIds);
        }
        if (!documentIds.isEmpty()) {
            sql.append(" UNION ALL SELECT 'D', entry_uuid, patient_id, status, logical_uuid, version, unique_id, hash"
                    + " FROM reg_document_entry WHERE unique_id IN (").append(placeholders(documentIds.size())).append(')');
            params.addAll(documentIds);
        }
        if (!uuids.isEmpty()) {
            sql.append(" UNION ALL SELECT 'U', entry_uuid, NULL, NULL, NULL, 0, NULL, NULL FROM reg_object WHERE entry_uuid IN (")
                    .append(placeholders(uuids.size())).append(')');
            params.addAll(uuids);
        }
        if (!folderIds.isEmpty()) {
            sql.append(" UNION ALL SELECT DISTINCT 'F', unique_id, NULL, NULL, NULL, 0, NULL, NULL FROM reg_folder WHERE unique_id IN (")
                    .append(placeholders(folderIds.size())).append(')');
            params.addAll(folderIds);
        }
        String[] patientState = new String[2];
        List<String> sets = new ArrayList<>(), used = new ArrayList<>(), folders = new ArrayList<>();
        List<ObjectInfo> documents = new ArrayList<>();
        select(c, sql.toString(), params, rs -> {
            switch (rs.getString(1)) {
                case "P" -> {
                    patientState[0] = rs.getString(2);
                    patientState[1] = rs.getString(3);
                }
                case "S" -> sets.add(rs.getString(2));
                case "D" -> documents.add(new ObjectInfo(rs.getString(2), ObjectInfo.DOCUMENT_ENTRY, rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
                case "U" -> used.add(rs.getString(2));
                default -> folders.add(rs.getString(2));
            }
        });
        // the latest version of each uniqueId, as documentEntriesByUniqueId gives it
        documents.sort(java.util.Comparator.comparingInt(ObjectInfo::version));
        Map<String, ObjectInfo> byUniqueId = new LinkedHashMap<>();
        for (ObjectInfo d : documents) byUniqueId.put(d.uniqueId(), d);
        return new Registered(patientState[0], patientState[1], sets, byUniqueId, used, folders);
    }

    /** Latest version of the entry (document entry or folder) with this logical id, or null. */
    ObjectInfo latestVersion(Connection c, String table, String kind, String logicalUuid) throws SQLException {
        List<ObjectInfo> found = new ArrayList<>();
        boolean de = ObjectInfo.DOCUMENT_ENTRY.equals(kind);
        select(c, "SELECT entry_uuid, patient_id, status, logical_uuid, version, unique_id" + (de ? ", hash" : ", NULL")
                + " FROM " + table + " WHERE logical_uuid = ? ORDER BY version DESC LIMIT 1", List.of(logicalUuid),
                rs -> found.add(new ObjectInfo(rs.getString(1), kind, rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7))));
        return found.isEmpty() ? null : found.get(0);
    }

    List<String> existingUniqueIds(Connection c, String table, Collection<String> uniqueIds) throws SQLException {
        List<String> out = new ArrayList<>();
        if (uniqueIds.isEmpty()) return out;
        List<String> all = new ArrayList<>(uniqueIds);
        for (int i = 0; i < all.size(); i += IN_BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_BATCH));
            select(c, "SELECT DISTINCT unique_id FROM " + table + " WHERE unique_id IN (" + placeholders(part.size()) + ")",
                    part, rs -> out.add(rs.getString(1)));
        }
        return out;
    }

    /** Sources of approved associations of one type pointing at target (e.g. the folders holding a document). */
    List<String> sourcesOf(Connection c, String assocType, String targetUuid) throws SQLException {
        List<String> out = new ArrayList<>();
        select(c, "SELECT source_uuid FROM reg_association WHERE target_uuid = ? AND assoc_type = ? AND status = ?",
                List.of(targetUuid, assocType, Statuses.APPROVED), rs -> out.add(rs.getString(1)));
        return out;
    }

    // ---------------------------------------------------------------- changes

    /** Compare-and-set of a status; returns the number of rows changed (0 when another request changed it first). */
    int changeStatus(Connection c, String table, String uuid, String expected, String newStatus) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET status = ? WHERE entry_uuid = ? AND status = ?")) {
            ps.setString(1, newStatus);
            ps.setString(2, uuid);
            ps.setString(3, expected);
            return ps.executeUpdate();
        }
    }

    void touchFolder(Connection c, String folderUuid, long lastUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE reg_folder SET last_update_time = ? WHERE entry_uuid = ?")) {
            ps.setLong(1, lastUpdate);
            ps.setString(2, folderUuid);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- helpers

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    static void select(Connection c, String sql, List<?> params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) handler.row(rs);
            }
        }
    }

    static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) ps.setLong(i + 1, l);
            else if (p instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, p == null ? null : p.toString());
        }
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
