package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.*;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;

import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 14 XDS.b stored queries over the registry tables. One instance per query (it is the IPF query visitor and
 * collects the result); SQL is built with bind parameters only.
 */
final class QueryEngine implements Query.Visitor {
    private static final String HAS_MEMBER = AssociationType.HAS_MEMBER.getOpcode30();
    private static final int IN_BATCH = 200;

    private final RegistryConfig config;
    private final MetadataCodec codec;
    private final Connection c;

    private final Map<String, Row> documents = new LinkedHashMap<>();
    private final Map<String, Row> submissionSets = new LinkedHashMap<>();
    private final Map<String, Row> folders = new LinkedHashMap<>();
    private final Map<String, Row> associations = new LinkedHashMap<>();
    private SQLException failure;

    /** One stored object: its status and (for folders) lastUpdateTime live in columns, the rest in metadata. */
    record Row(String uuid, String status, byte[] metadata, long lastUpdate, String source, String target) {}

    QueryEngine(RegistryConfig config, MetadataCodec codec, Connection c) throws SQLException {
        this.config = config;
        this.codec = codec;
        this.c = c;
        this.rawText = c.isWrapperFor(PGConnection.class);
    }

    /**
     * PostgreSQL's driver hands a text column over as the UTF-8 bytes of the wire (its client encoding is always
     * UTF-8): the XML parser reads them directly, which spares decoding ~5 KB of accented text into a String per
     * stored object (~13 % of the CPU time of rebuilding a DocumentEntry). H2 gives a String.
     */
    private final boolean rawText;
    /** LeafClass: the stored XML is read; ObjectRef needs only ids (and the association ends). */
    private boolean leaf = true;
    private static final Pattern METADATA_COLUMN = Pattern.compile("\\b[dsfa]\\.metadata\\b");

    private String text(Sql sql) {
        String t = sql.text.toString();
        return leaf ? t : METADATA_COLUMN.matcher(t).replaceFirst("NULL");
    }

    private byte[] metadata(ResultSet rs, int column) throws SQLException {
        if (rawText) return rs.getBytes(column);
        String s = rs.getString(column);
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    QueryResponse run(Query query, QueryReturnType returnType) throws SQLException {
        QueryResponse response = collect(query, returnType);
        if (returnType == QueryReturnType.OBJECT_REF) return response;
        List<DocumentEntry> des = new ArrayList<>();
        for (Row r : documents.values()) des.add(documentEntry(codec.readExtrinsicObject(r.metadata()), r.uuid(), r.status()));
        response.setDocumentEntries(des);
        return response;
    }

    /** The same query, its DocumentEntries kept in their stored ebRIM form (see {@link StoredDocumentEntry}). */
    StoredQueryResponse runStored(Query query, QueryReturnType returnType) throws SQLException {
        QueryResponse others = collect(query, returnType);
        List<StoredDocumentEntry> entries = new ArrayList<>();
        if (returnType != QueryReturnType.OBJECT_REF) {
            for (Row r : documents.values()) entries.add(storedEntry(r));
        }
        return new StoredQueryResponse(others, entries);
    }

    /** Runs the query; answers everything but the DocumentEntries of a LeafClass query. */
    private QueryResponse collect(Query query, QueryReturnType returnType) throws SQLException {
        leaf = returnType != QueryReturnType.OBJECT_REF;
        query.accept(this);
        if (failure != null) throw failure;
        int total = documents.size() + submissionSets.size() + folders.size() + associations.size();
        if (total > config.maxQueryResults()) {
            throw RegistryFailure.QUERY_TOO_BROAD.exception(null, config.maxQueryResults());
        }
        QueryResponse response = new QueryResponse(Status.SUCCESS);
        String home = config.homeCommunityId();
        if (returnType == QueryReturnType.OBJECT_REF) {
            List<ObjectReference> refs = new ArrayList<>();
            for (Map<String, Row> m : List.of(documents, submissionSets, folders, associations)) {
                for (String id : m.keySet()) refs.add(new ObjectReference(id, home));
            }
            response.setReferences(refs);
            return response;
        }
        List<SubmissionSet> sets = new ArrayList<>();
        for (Row r : submissionSets.values()) {
            SubmissionSet ss = codec.readSubmissionSet(r.metadata());
            ss.setAvailabilityStatus(Statuses.toIpf(r.status()));
            ss.setHomeCommunityId(home);
            sets.add(ss);
        }
        List<Folder> fols = new ArrayList<>();
        for (Row r : folders.values()) {
            Folder f = codec.readFolder(r.metadata());
            f.setAvailabilityStatus(Statuses.toIpf(r.status()));
            f.setLastUpdateTime(Statuses.timestamp(r.lastUpdate()));
            f.setHomeCommunityId(home);
            fols.add(f);
        }
        List<Association> assocs = new ArrayList<>();
        for (Row r : associations.values()) {
            Association a = codec.readAssociation(r.metadata());
            a.setAvailabilityStatus(Statuses.toIpf(r.status()));
            assocs.add(a);
        }
        response.setSubmissionSets(sets);
        response.setFolders(fols);
        response.setAssociations(assocs);
        return response;
    }

    /** The IPF entry: entryUUID, status and homeCommunityId from the registry, a CI-SIS status in an extra slot. */
    private DocumentEntry documentEntry(ExtrinsicObjectType stored, String uuid, String status) {
        DocumentEntry de = codec.documentEntry(stored);
        de.setEntryUuid(uuid);
        de.setAvailabilityStatus(Statuses.toIpf(status));
        if (de.getAvailabilityStatus() == null) {
            Map<String, List<String>> extra = de.getExtraMetadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(de.getExtraMetadata());
            extra.put(STATUS_SLOT, List.of(status));
            de.setExtraMetadata(extra);
        }
        de.setHomeCommunityId(config.homeCommunityId());
        return de;
    }

    /**
     * The wire form of {@link #documentEntry}: what IPF's DocumentEntryTransformer writes for that entry. The stored
     * XML was written by the same transformer; the registry's columns (entryUUID, status) and this node's
     * homeCommunityId are applied as the simple-model path applies them, and the classifications and external
     * identifiers point at the entryUUID as IPF makes them point.
     */
    private StoredDocumentEntry storedEntry(Row r) {
        ExtrinsicObjectType eo = codec.readExtrinsicObject(r.metadata());
        String uuid = r.uuid();
        AvailabilityStatus status = Statuses.toIpf(r.status());
        eo.setId(uuid);
        eo.setStatus(status == null ? null : AvailabilityStatus.toQueryOpcode(status));
        eo.setHome(config.homeCommunityId());
        for (ClassificationType c : eo.getClassification()) c.setClassifiedObject(uuid);
        for (ExternalIdentifierType x : eo.getExternalIdentifier()) x.setRegistryObject(uuid);
        if (status == null) {
            Map<String, List<String>> extra = eo.getExtraMetadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(eo.getExtraMetadata());
            extra.put(STATUS_SLOT, List.of(r.status()));
            eo.setExtraMetadata(extra);
        }
        // the IPF form, when asked for, from an untouched copy of the stored form
        byte[] metadata = r.metadata();
        String rowStatus = r.status();
        return new StoredDocumentEntry(eo, r.status(), ignored -> documentEntry(codec.readExtrinsicObject(metadata), uuid, rowStatus));
    }

    // ================================================================ SQL building

    private static final class Sql {
        final StringBuilder text = new StringBuilder();
        final List<Object> params = new ArrayList<>();

        Sql(String start) { text.append(start); }

        Sql and(String fragment, Object... ps) {
            text.append(" AND ").append(fragment);
            params.addAll(List.of(ps));
            return this;
        }

        Sql in(String column, Collection<?> values) {
            if (values == null || values.isEmpty()) return this;
            text.append(" AND ").append(column).append(" IN (").append(RegistryTables.placeholders(values.size())).append(')');
            params.addAll(values);
            return this;
        }

        Sql range(String column, TimeRange range) {
            if (range == null) return this;
            Long from = Statuses.epochSeconds(range.getFrom());
            Long to = Statuses.epochSeconds(range.getTo());
            if (from != null) and(column + " >= ?", from);
            if (to != null) and(column + " < ?", to);
            return this;
        }

        /** One multi-valued parameter: OR within the slot. */
        Sql codes(String owner, String kind, List<Code> codes) {
            if (codes == null || codes.isEmpty()) return this;
            StringBuilder or = new StringBuilder();
            List<Object> ps = new ArrayList<>();
            ps.add(kind);
            for (Code code : codes) {
                if (code == null || code.getCode() == null) continue;
                if (or.length() > 0) or.append(" OR ");
                if (code.getSchemeName() != null) {
                    or.append("(k.code = ? AND k.scheme = ?)");
                    ps.add(code.getCode());
                    ps.add(code.getSchemeName());
                } else {
                    or.append("k.code = ?");
                    ps.add(code.getCode());
                }
            }
            if (or.length() == 0) return this;
            return and("EXISTS (SELECT 1 FROM reg_code k WHERE k.object_uuid = " + owner + " AND k.kind = ? AND (" + or + "))",
                    ps.toArray());
        }

        /** AND across slots, OR within each slot. */
        Sql codes(String owner, String kind, QueryList<Code> codes) {
            if (codes == null || codes.getOuterList() == null) return this;
            for (List<Code> inner : codes.getOuterList()) codes(owner, kind, inner);
            return this;
        }

        Sql values(String owner, String kind, List<String> values, boolean like) {
            if (values == null || values.isEmpty()) return this;
            List<Object> ps = new ArrayList<>();
            ps.add(kind);
            StringBuilder or = new StringBuilder();
            for (String v : values) {
                if (v == null) continue;
                if (or.length() > 0) or.append(" OR ");
                or.append(like ? "k.code LIKE ?" : "k.code = ?");
                ps.add(v);
            }
            if (or.length() == 0) return this;
            return and("EXISTS (SELECT 1 FROM reg_code k WHERE k.object_uuid = " + owner + " AND k.kind = ? AND (" + or + "))",
                    ps.toArray());
        }
    }

    private static List<String> statuses(List<AvailabilityStatus> list) {
        List<String> out = new ArrayList<>();
        if (list != null) for (AvailabilityStatus s : list) if (s != null) out.add(Statuses.urn(s));
        return out;
    }

    private static List<String> entryTypes(List<DocumentEntryType> types) {
        Set<String> out = new LinkedHashSet<>();
        if (types != null) for (DocumentEntryType t : types) if (t != null) out.add(RegistryTables.entryType(t));
        if (out.isEmpty()) out.add("stable"); // ITI-18: without $XDSDocumentEntryType only stable entries are returned
        return new ArrayList<>(out);
    }

    /** Logically deleted entries (CI-SIS Deleted) are invisible to every query. */
    private static final String DOC_COLUMNS = "SELECT d.entry_uuid, d.status, d.metadata FROM reg_document_entry d WHERE d.status <> '"
            + Statuses.DELETED + "'";
    /** Extra slot carrying a status IPF cannot express (CI-SIS Archived) on a returned entry. */
    static final String STATUS_SLOT = "urn:passerelle:availabilityStatus";
    private static final String SS_COLUMNS = "SELECT s.entry_uuid, s.status, s.metadata FROM reg_submission_set s WHERE 1 = 1";
    private static final String FOLDER_COLUMNS = "SELECT f.entry_uuid, f.status, f.metadata, f.last_update_time FROM reg_folder f WHERE 1 = 1";
    private static final String ASSOC_COLUMNS = "SELECT a.entry_uuid, a.status, a.metadata, a.source_uuid, a.target_uuid FROM reg_association a WHERE 1 = 1";

    private void loadDocuments(Sql sql, Map<String, Row> into) throws SQLException {
        sql.text.append(" ORDER BY d.registered_at, d.entry_uuid LIMIT ?");
        sql.params.add(config.maxQueryResults() + 1);
        RegistryTables.select(c, text(sql), sql.params,
                rs -> into.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), metadata(rs, 3), 0, null, null)));
    }

    private void loadSubmissionSets(Sql sql) throws SQLException {
        sql.text.append(" ORDER BY s.registered_at, s.entry_uuid LIMIT ?");
        sql.params.add(config.maxQueryResults() + 1);
        RegistryTables.select(c, text(sql), sql.params,
                rs -> submissionSets.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), metadata(rs, 3), 0, null, null)));
    }

    private void loadFolders(Sql sql) throws SQLException {
        sql.text.append(" ORDER BY f.registered_at, f.entry_uuid LIMIT ?");
        sql.params.add(config.maxQueryResults() + 1);
        RegistryTables.select(c, text(sql), sql.params,
                rs -> folders.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), metadata(rs, 3), rs.getLong(4), null, null)));
    }

    private List<Row> loadAssociations(Sql sql) throws SQLException {
        List<Row> out = new ArrayList<>();
        sql.text.append(" ORDER BY a.registered_at, a.entry_uuid");
        RegistryTables.select(c, text(sql), sql.params,
                rs -> out.add(new Row(rs.getString(1), rs.getString(2), metadata(rs, 3), 0, rs.getString(4), rs.getString(5))));
        return out;
    }

    /** Associations with source (or target) among ids, in batches. */
    private List<Row> associationsTouching(Collection<String> ids, boolean bySource, boolean byTarget,
                                           List<String> types, List<String> statuses) throws SQLException {
        List<Row> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += IN_BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_BATCH));
            String in = RegistryTables.placeholders(part.size());
            Sql sql = new Sql(ASSOC_COLUMNS);
            List<Object> ps = new ArrayList<>();
            String cond;
            if (bySource && byTarget) {
                cond = "(a.source_uuid IN (" + in + ") OR a.target_uuid IN (" + in + "))";
                ps.addAll(part);
                ps.addAll(part);
            } else {
                cond = (bySource ? "a.source_uuid" : "a.target_uuid") + " IN (" + in + ")";
                ps.addAll(part);
            }
            sql.and(cond, ps.toArray());
            sql.in("a.assoc_type", types);
            sql.in("a.status", statuses);
            for (Row r : loadAssociations(sql)) if (seen.add(r.uuid())) out.add(r);
        }
        return out;
    }

    private void documentsByIds(List<String> uuids, List<String> uniqueIds, List<String> logicalIds,
                                Map<String, Row> into, Sql filters) throws SQLException {
        if (uuids != null && !uuids.isEmpty()) {
            Sql sql = new Sql(DOC_COLUMNS).in("d.entry_uuid", uuids);
            merge(sql, filters);
            loadDocuments(sql, into);
        }
        if (uniqueIds != null && !uniqueIds.isEmpty()) {
            // the latest version of each uniqueId
            Sql sql = new Sql(DOC_COLUMNS).in("d.unique_id", uniqueIds)
                    .and("d.version = (SELECT MAX(v.version) FROM reg_document_entry v WHERE v.unique_id = d.unique_id)");
            merge(sql, filters);
            loadDocuments(sql, into);
        }
        if (logicalIds != null && !logicalIds.isEmpty()) {
            Sql sql = new Sql(DOC_COLUMNS).in("d.logical_uuid", logicalIds);
            merge(sql, filters);
            loadDocuments(sql, into);
        }
    }

    private static void merge(Sql sql, Sql filters) {
        if (filters == null) return;
        sql.text.append(filters.text);
        sql.params.addAll(filters.params);
    }

    private static List<String> one(String s) {
        return s == null ? List.of() : List.of(s);
    }

    private interface Body {
        void run() throws SQLException;
    }

    private void guard(Body body) {
        try {
            body.run();
        } catch (SQLException e) {
            failure = e;
        }
    }

    // ================================================================ the stored queries

    @Override
    public void visit(FindDocumentsQuery q) {
        guard(() -> loadDocuments(findDocumentsSql(q), documents));
    }

    private Sql findDocumentsSql(FindDocumentsQuery q) {
        Sql sql = new Sql(DOC_COLUMNS).and("d.patient_id = ?", String.valueOf(Statuses.patientKey(q.getPatientId())));
        sql.in("d.status", statuses(q.getStatus()));
        sql.in("d.entry_type", entryTypes(q.getDocumentEntryTypes()));
        sql.range("d.creation_time", q.getCreationTime());
        sql.range("d.service_start", q.getServiceStartTime());
        sql.range("d.service_stop", q.getServiceStopTime());
        sql.codes("d.entry_uuid", "class", q.getClassCodes());
        sql.codes("d.entry_uuid", "type", q.getTypeCodes());
        sql.codes("d.entry_uuid", "practice", q.getPracticeSettingCodes());
        sql.codes("d.entry_uuid", "facility", q.getHealthcareFacilityTypeCodes());
        sql.codes("d.entry_uuid", "format", q.getFormatCodes());
        sql.codes("d.entry_uuid", "event", q.getEventCodes());
        sql.codes("d.entry_uuid", "conf", q.getConfidentialityCodes());
        sql.values("d.entry_uuid", "author", q.getAuthorPersons(), true);
        return sql;
    }

    @Override
    public void visit(FindDocumentsByReferenceIdQuery q) {
        guard(() -> {
            Sql sql = findDocumentsSql(q);
            QueryList<String> refs = q.getReferenceIds();
            if (refs != null && refs.getOuterList() != null) {
                for (List<String> inner : refs.getOuterList()) sql.values("d.entry_uuid", "refid", canonicalRefs(inner), false);
            }
            loadDocuments(sql, documents);
        });
    }

    private static List<String> canonicalRefs(List<String> refs) {
        List<String> out = new ArrayList<>();
        for (String r : refs) {
            if (r == null) continue;
            out.add(r);
            try {
                String canonical = Hl7v2Based.render(ReferenceId.parse(r));
                if (canonical != null && !canonical.equals(r)) out.add(canonical);
            } catch (RuntimeException ignored) {
                // not a parsable CXi: match it verbatim only
            }
        }
        return out;
    }

    @Override
    public void visit(FindSubmissionSetsQuery q) {
        guard(() -> {
            Sql sql = new Sql(SS_COLUMNS).and("s.patient_id = ?", String.valueOf(Statuses.patientKey(q.getPatientId())));
            sql.in("s.status", statuses(q.getStatus()));
            sql.in("s.source_id", q.getSourceIds());
            sql.range("s.submission_time", q.getSubmissionTime());
            sql.codes("s.entry_uuid", "content", q.getContentTypeCodes());
            if (q.getAuthorPerson() != null) sql.values("s.entry_uuid", "author", List.of(q.getAuthorPerson()), true);
            loadSubmissionSets(sql);
        });
    }

    @Override
    public void visit(FindFoldersQuery q) {
        guard(() -> {
            Sql sql = new Sql(FOLDER_COLUMNS).and("f.patient_id = ?", String.valueOf(Statuses.patientKey(q.getPatientId())));
            sql.in("f.status", statuses(q.getStatus()));
            sql.range("f.last_update_time", q.getLastUpdateTime());
            sql.codes("f.entry_uuid", "folder", q.getCodes());
            loadFolders(sql);
        });
    }

    @Override
    public void visit(GetAllQuery q) {
        guard(() -> {
            String patient = String.valueOf(Statuses.patientKey(q.getPatientId()));
            Sql docs = new Sql(DOC_COLUMNS).and("d.patient_id = ?", patient);
            docs.in("d.status", statuses(q.getStatusDocuments()));
            docs.in("d.entry_type", entryTypes(q.getDocumentEntryTypes()));
            docs.codes("d.entry_uuid", "conf", q.getConfidentialityCodes());
            docs.codes("d.entry_uuid", "format", q.getFormatCodes());
            loadDocuments(docs, documents);
            Sql sets = new Sql(SS_COLUMNS).and("s.patient_id = ?", patient);
            sets.in("s.status", statuses(q.getStatusSubmissionSets()));
            loadSubmissionSets(sets);
            Sql fols = new Sql(FOLDER_COLUMNS).and("f.patient_id = ?", patient);
            fols.in("f.status", statuses(q.getStatusFolders()));
            loadFolders(fols);
            associationsAmongResults(statuses(q.getAssociationStatuses()));
        });
    }

    /** Associations whose both ends are in the result (an end may itself be such an association). */
    private void associationsAmongResults(List<String> statuses) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        ids.addAll(documents.keySet());
        ids.addAll(submissionSets.keySet());
        ids.addAll(folders.keySet());
        List<Row> candidates = associationsTouching(ids, true, false, null, statuses);
        Map<String, Row> byId = new LinkedHashMap<>();
        for (Row r : candidates) byId.put(r.uuid(), r);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Row r : byId.values()) {
                if (!associations.containsKey(r.uuid()) && (ids.contains(r.target()) || associations.containsKey(r.target()))) {
                    associations.put(r.uuid(), r);
                    changed = true;
                }
            }
        }
    }

    @Override
    public void visit(GetDocumentsQuery q) {
        guard(() -> documentsByIds(q.getUuids(), q.getUniqueIds(), q.getLogicalUuid(), documents, null));
    }

    @Override
    public void visit(GetFoldersQuery q) {
        guard(() -> {
            if (q.getUuids() != null && !q.getUuids().isEmpty()) loadFolders(new Sql(FOLDER_COLUMNS).in("f.entry_uuid", q.getUuids()));
            if (q.getUniqueIds() != null && !q.getUniqueIds().isEmpty()) {
                loadFolders(new Sql(FOLDER_COLUMNS).in("f.unique_id", q.getUniqueIds())
                        .and("f.version = (SELECT MAX(v.version) FROM reg_folder v WHERE v.unique_id = f.unique_id)"));
            }
        });
    }

    @Override
    public void visit(GetAssociationsQuery q) {
        guard(() -> {
            if (q.getUuids() == null) return;
            for (Row r : associationsTouching(q.getUuids(), true, true, null, statuses(q.getAssociationStatuses()))) {
                associations.put(r.uuid(), r);
            }
        });
    }

    @Override
    public void visit(GetDocumentsAndAssociationsQuery q) {
        guard(() -> {
            documentsByIds(q.getUuids(), q.getUniqueIds(), null, documents, null);
            for (Row r : associationsTouching(documents.keySet(), true, true, null, List.of())) associations.put(r.uuid(), r);
        });
    }

    @Override
    public void visit(GetSubmissionSetsQuery q) {
        guard(() -> {
            if (q.getUuids() == null) return;
            List<Row> memberships = associationsTouching(q.getUuids(), false, true, List.of(HAS_MEMBER), List.of());
            Set<String> sources = new LinkedHashSet<>();
            for (Row r : memberships) sources.add(r.source());
            if (sources.isEmpty()) return;
            loadSubmissionSets(new Sql(SS_COLUMNS).in("s.entry_uuid", sources));
            for (Row r : memberships) if (submissionSets.containsKey(r.source())) associations.put(r.uuid(), r);
        });
    }

    @Override
    public void visit(GetSubmissionSetAndContentsQuery q) {
        guard(() -> {
            Sql sql = new Sql(SS_COLUMNS);
            if (q.getUuid() != null) sql.and("s.entry_uuid = ?", q.getUuid());
            else if (q.getUniqueId() != null) sql.and("s.unique_id = ?", q.getUniqueId());
            else return;
            loadSubmissionSets(sql);
            if (submissionSets.isEmpty()) return;
            List<Row> members = associationsTouching(submissionSets.keySet(), true, false, List.of(HAS_MEMBER), List.of());
            Set<String> targets = new LinkedHashSet<>();
            for (Row r : members) targets.add(r.target());
            Sql filters = new Sql("");
            filters.in("d.entry_type", entryTypes(q.getDocumentEntryTypes()));
            filters.codes("d.entry_uuid", "conf", q.getConfidentialityCodes());
            filters.codes("d.entry_uuid", "format", q.getFormatCodes());
            documentsByIds(new ArrayList<>(targets), null, null, documents, filters);
            if (!targets.isEmpty()) loadFolders(new Sql(FOLDER_COLUMNS).in("f.entry_uuid", targets));
            // member associations (e.g. Folder -> DocumentEntry added by this submission)
            Map<String, Row> memberAssociations = new LinkedHashMap<>();
            if (!targets.isEmpty()) {
                for (Row r : loadAssociations(new Sql(ASSOC_COLUMNS).in("a.entry_uuid", targets))) memberAssociations.put(r.uuid(), r);
            }
            // members the filters (or a Deleted status) left out, and, transitively, associations touching them
            Set<String> excluded = new LinkedHashSet<>(targets);
            excluded.removeAll(documents.keySet());
            excluded.removeAll(folders.keySet());
            excluded.removeAll(memberAssociations.keySet());
            List<Row> candidates = new ArrayList<>(members);
            candidates.addAll(memberAssociations.values());
            for (Row r : withoutExcludedEnds(candidates, excluded)) associations.put(r.uuid(), r);
        });
    }

    /**
     * ITI TF-2a 3.18.4.1.2.3.7: an association to an object left out of the result (a DocumentEntry the
     * format / confidentiality filter excluded) is not returned, nor is an association whose target is such an
     * association. Returns the candidates that survive, in their order.
     */
    static List<Row> withoutExcludedEnds(List<Row> candidates, Set<String> excluded) {
        Set<String> out = new LinkedHashSet<>(excluded);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Row r : candidates) {
                if (!out.contains(r.uuid()) && (out.contains(r.source()) || out.contains(r.target()))) {
                    out.add(r.uuid());
                    changed = true;
                }
            }
        }
        List<Row> kept = new ArrayList<>();
        for (Row r : candidates) if (!out.contains(r.uuid())) kept.add(r);
        return kept;
    }

    @Override
    public void visit(GetFolderAndContentsQuery q) {
        guard(() -> {
            Sql sql = new Sql(FOLDER_COLUMNS);
            if (q.getUuid() != null) sql.and("f.entry_uuid = ?", q.getUuid());
            else if (q.getUniqueId() != null) {
                sql.and("f.unique_id = ?", q.getUniqueId())
                        .and("f.version = (SELECT MAX(v.version) FROM reg_folder v WHERE v.unique_id = f.unique_id)");
            } else return;
            loadFolders(sql);
            if (folders.isEmpty()) return;
            List<Row> members = associationsTouching(folders.keySet(), true, false, List.of(HAS_MEMBER),
                    statuses(q.getAssociationStatuses()));
            List<String> targets = members.stream().map(Row::target).distinct().toList();
            Sql filters = new Sql("");
            filters.in("d.entry_type", entryTypes(q.getDocumentEntryTypes()));
            filters.codes("d.entry_uuid", "conf", q.getConfidentialityCodes());
            filters.codes("d.entry_uuid", "format", q.getFormatCodes());
            documentsByIds(targets, null, null, documents, filters);
            for (Row r : members) if (documents.containsKey(r.target())) associations.put(r.uuid(), r);
        });
    }

    @Override
    public void visit(GetFoldersForDocumentQuery q) {
        guard(() -> {
            Map<String, Row> doc = new LinkedHashMap<>();
            documentsByIds(one(q.getUuid()), one(q.getUniqueId()), null, doc, null);
            if (doc.isEmpty()) return;
            List<Row> memberships = associationsTouching(doc.keySet(), false, true, List.of(HAS_MEMBER), List.of());
            Set<String> sources = new LinkedHashSet<>();
            for (Row r : memberships) sources.add(r.source());
            if (!sources.isEmpty()) loadFolders(new Sql(FOLDER_COLUMNS).in("f.entry_uuid", sources));
        });
    }

    @Override
    public void visit(GetRelatedDocumentsQuery q) {
        guard(() -> {
            Map<String, Row> doc = new LinkedHashMap<>();
            documentsByIds(one(q.getUuid()), one(q.getUniqueId()), null, doc, null);
            if (doc.isEmpty()) return;
            List<String> types = new ArrayList<>();
            if (q.getAssociationTypes() != null) for (AssociationType t : q.getAssociationTypes()) if (t != null) types.add(t.getOpcode30());
            if (types.isEmpty()) return;
            List<Row> related = associationsTouching(doc.keySet(), true, true, types, statuses(q.getAssociationStatuses()));
            Set<String> others = new LinkedHashSet<>();
            for (Row r : related) {
                others.add(doc.containsKey(r.source()) ? r.target() : r.source());
            }
            Map<String, Row> relatedDocs = new LinkedHashMap<>();
            Sql filters = new Sql("").in("d.entry_type", entryTypes(q.getDocumentEntryTypes()));
            documentsByIds(new ArrayList<>(others), null, null, relatedDocs, filters);
            if (relatedDocs.isEmpty()) return;
            documents.putAll(doc);
            documents.putAll(relatedDocs);
            for (Row r : related) {
                String other = doc.containsKey(r.source()) ? r.target() : r.source();
                if (relatedDocs.containsKey(other)) associations.put(r.uuid(), r);
            }
        });
    }

    // ================================================================ not XDS.b stored queries

    private void unsupported(Query q) {
        throw RegistryFailure.UNSUPPORTED_QUERY.exception(null, q.getType());
    }

    @Override public void visit(FindDocumentsForMultiplePatientsQuery q) { unsupported(q); }
    @Override public void visit(FindFoldersForMultiplePatientsQuery q) { unsupported(q); }
    @Override public void visit(FindDocumentsByReferenceIdForMultiplePatientsQuery q) { unsupported(q); }
    @Override public void visit(FetchQuery q) { unsupported(q); }
    @Override public void visit(FindMedicationTreatmentPlansQuery q) { unsupported(q); }
    @Override public void visit(FindPrescriptionsQuery q) { unsupported(q); }
    @Override public void visit(FindDispensesQuery q) { unsupported(q); }
    @Override public void visit(FindMedicationAdministrationsQuery q) { unsupported(q); }
    @Override public void visit(FindPrescriptionsForValidationQuery q) { unsupported(q); }
    @Override public void visit(FindPrescriptionsForDispenseQuery q) { unsupported(q); }
    @Override public void visit(FindMedicationListQuery q) { unsupported(q); }
    @Override public void visit(FindDocumentsByTitleQuery q) { unsupported(q); }
    @Override public void visit(SubscriptionForDocumentEntryQuery q) { unsupported(q); }
    @Override public void visit(SubscriptionForFolderQuery q) { unsupported(q); }
    @Override public void visit(SubscriptionForPatientIndependentDocumentEntryQuery q) { unsupported(q); }
    @Override public void visit(SubscriptionForSubmissionSetQuery q) { unsupported(q); }
    @Override public void visit(SubscriptionForPatientIndependentSubmissionSetQuery q) { unsupported(q); }
}
