package org.passerelle.registry;

import jakarta.activation.DataHandler;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.passerelle.registry.ObjectInfo.ASSOCIATION;
import static org.passerelle.registry.ObjectInfo.DOCUMENT_ENTRY;
import static org.passerelle.registry.ObjectInfo.FOLDER;
import static org.passerelle.registry.ObjectInfo.SUBMISSION_SET;
import static org.passerelle.registry.RegistryFailure.*;

/**
 * Registry semantics of ITI-41/42 (and ITI-57 in {@link #update}) inside one caller-owned transaction: checks every
 * rule first, then writes. Any failure is thrown as a {@link RegistryException} and the caller rolls back.
 */
final class SubmissionProcessor {
    private final RegistryConfig config;
    private final RegistryTables tables;
    private final ContentStore content;
    private final PatientRegistry patients;

    private final long contentLimit;

    SubmissionProcessor(RegistryConfig config, RegistryTables tables, ContentStore content, PatientRegistry patients) {
        this.contentLimit = config.submissionContentLimit();
        this.config = config;
        this.tables = tables;
        this.content = content;
        this.patients = patients;
    }

    /** State of one submission while it is checked. */
    private final class Work {
        final Connection c;
        final Submission s;
        final List<ErrorInfo> errors = new ArrayList<>();
        final Map<String, String> finalIds = new HashMap<>();          // submitted id -> final urn:uuid
        final Map<String, String> kinds = new LinkedHashMap<>();       // final uuid -> kind (reg_object rows)
        final Map<String, ObjectInfo> submitted = new HashMap<>();     // final uuid -> submitted object
        final Map<String, ObjectInfo> registered = new HashMap<>();    // final uuid -> registered object
        final Map<DocumentEntry, ContentStore.Staged> staged = new java.util.IdentityHashMap<>();
        ContentStore.Staging staging = new ContentStore.Staging();
        String patient;
        List<String> registeredUuids;   // of the submitted entryUUIDs, those already used (read beforehand), or null

        Work(Connection c, Submission s) {
            this.c = c;
            this.s = s;
        }

        void fail(RegistryFailure f, String location, Object... args) {
            errors.add(f.toErrorInfo(location, args));
        }

        void throwIfFailed() {
            if (!errors.isEmpty()) throw new RegistryException(errors);
        }

        ObjectInfo resolve(String uuid) {
            if (uuid == null) return null;
            ObjectInfo o = submitted.get(uuid);
            return o != null ? o : registered.get(uuid);
        }
    }

    // ================================================================ ITI-41 / ITI-42

    /**
     * ITI-41 / ITI-42. Document content is written first, staged in committed transactions of its own on {@code c}
     * when it exceeds a few MB (nothing else of the submission is written on {@code c} before), and published with the
     * metadata; {@code staging} lists the keys, for the caller to discard the staged ones when the submission fails.
     */
    void register(Connection c, Submission s, ContentStore.Staging staging) throws SQLException {
        Work w = new Work(c, s);
        w.staging = staging;
        SubmissionSet ss = requireSubmissionSet(s);
        checkPatients(w);
        RegistryTables.Registered known = tables.registered(c, w.patient, ss.getUniqueId(),
                nonBlank(s.entries().stream().map(DocumentEntry::getUniqueId).toList()), preAssignedIds(s),
                nonBlank(s.folders().stream().map(Folder::getUniqueId).toList()));
        checkPatientState(w.patient, known.patientState(), known.patientReason());
        boolean setRegistered = !known.submissionSetIds().isEmpty();
        if (setRegistered && isIdenticalResend(s, known.documents())) return;

        w.registeredUuids = known.uuids();
        assignIds(w, false);
        checkUniqueIdsInMessage(w);
        if (s.provide()) {
            for (DocumentEntry de : s.entries()) {
                if (s.contents().get(de) == null) w.fail(MISSING_DOCUMENT_CONTENT, de.getEntryUuid(), de.getEntryUuid(), de.getUniqueId());
            }
        }
        w.throwIfFailed();

        if (setRegistered) {
            w.fail(UNIQUE_ID_EXISTS, ss.getEntryUuid(), ss.getUniqueId(), "SubmissionSet " + ss.getEntryUuid(), "a SubmissionSet");
        }
        for (String uid : known.folderIds()) {
            w.fail(UNIQUE_ID_EXISTS, uid, uid, "a Folder", "a Folder");
        }
        w.throwIfFailed();

        long now = Instant.now().getEpochSecond();
        for (DocumentEntry de : s.entries()) {
            de.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            de.setVersion(new Version("1"));
            if (de.getType() == null) de.setType(DocumentEntryType.STABLE);
            if (s.provide()) de.setRepositoryUniqueId(config.repositoryUniqueId());
        }
        for (Folder f : s.folders()) {
            f.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            f.setVersion(new Version("1"));
            f.setLastUpdateTime(Statuses.timestamp(now));
        }
        ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);

        Plan plan = checkAssociations(w);
        w.throwIfFailed();

        // repository half (ITI-41): stream each document once, into staging (published by write)
        Map<String, ObjectInfo> registeredDocs = known.documents();
        long budget = contentLimit;
        for (DocumentEntry de : s.entries()) {
            ObjectInfo existing = registeredDocs.get(de.getUniqueId());
            if (s.provide()) {
                ContentStore.Staged st = storeContent(w, de, s.contents().get(de), existing, budget, staging);
                budget -= st.size();
            } else if (existing != null) {
                throw duplicateDocument(de, existing.hash(), de.getHash());
            }
        }

        write(w, plan, now);
    }

    /**
     * a client that lost the answer re-sends the same message. Its submission set being registered (checked by
     * the caller), when every document is already there with the same content, nothing is written and it succeeds;
     * the same uniqueId with other content is XDSNonIdenticalHash. Anything else takes the normal path (and is
     * refused there as a duplicate).
     */
    private boolean isIdenticalResend(Submission s, Map<String, ObjectInfo> registered) {
        if (s.entries().isEmpty() || !s.folders().isEmpty()) return false;
        if (!registered.keySet().containsAll(s.entries().stream().map(DocumentEntry::getUniqueId).toList())) return false;
        for (DocumentEntry de : s.entries()) {
            ObjectInfo known = registered.get(de.getUniqueId());
            String hash = de.getHash();
            if (s.provide()) {
                DataHandler dh = s.contents().get(de);
                if (dh == null) return false;
                try (InputStream in = dh.getInputStream()) {
                    hash = ContentStore.digest(in).hash();
                } catch (IOException e) {
                    throw CONTENT_UNREADABLE.exception(de.getEntryUuid(), de.getUniqueId(), e.getMessage());
                }
            }
            if (known.hash() == null || hash == null || !known.hash().equalsIgnoreCase(hash.trim())) {
                throw NON_IDENTICAL_HASH_IN_REGISTRY.exception(de.getEntryUuid(), de.getUniqueId(), known.hash(),
                        hash == null ? "none" : hash.toLowerCase(Locale.ROOT));
            }
        }
        return true;
    }

    private SubmissionSet requireSubmissionSet(Submission s) {
        if (s.set() == null) throw NO_SUBMISSION_SET.exception(null);
        return s.set();
    }

    private RegistryException duplicateDocument(DocumentEntry de, String registeredHash, String newHash) {
        if (registeredHash != null && newHash != null && !registeredHash.equalsIgnoreCase(newHash)) {
            return NON_IDENTICAL_HASH_IN_REGISTRY.exception(de.getEntryUuid(), de.getUniqueId(), registeredHash, newHash.toLowerCase(Locale.ROOT));
        }
        return UNIQUE_ID_EXISTS.exception(de.getEntryUuid(), de.getUniqueId(), "DocumentEntry " + de.getEntryUuid(), "a DocumentEntry");
    }

    /** Stages the content (checked against the metadata's hash and size); the caller publishes it. */
    private ContentStore.Staged storeContent(Work w, DocumentEntry de, DataHandler dh, ObjectInfo registered, long budget,
                                             ContentStore.Staging staging) throws SQLException {
        String uid = de.getUniqueId();
        try (InputStream in = dh.getInputStream()) {
            if (registered != null) {
                // a uniqueId is registered with its content in the same transaction: the registry's hash is the stored one
                ContentStore.Stored d = ContentStore.digest(in);
                if (registered.hash() != null && !registered.hash().equalsIgnoreCase(d.hash())) {
                    throw NON_IDENTICAL_HASH_IN_REGISTRY.exception(de.getEntryUuid(), uid, registered.hash(), d.hash());
                }
                throw UNIQUE_ID_EXISTS.exception(de.getEntryUuid(), uid, "DocumentEntry " + de.getEntryUuid(), "a stored document");
            }
            ContentStore.Staged stored;
            try {
                stored = content.stage(w.c, in, budget, staging);
            } catch (ContentStore.LimitExceeded tooLarge) {
                throw CONTENT_TOO_LARGE.exception(de.getEntryUuid(), uid, contentLimit);
            }
            if (de.getHash() != null && !de.getHash().trim().equalsIgnoreCase(stored.hash())) {
                throw HASH_MISMATCH.exception(de.getEntryUuid(), uid, de.getHash(), stored.hash());
            }
            if (de.getSize() != null && de.getSize() != stored.size()) {
                throw SIZE_MISMATCH.exception(de.getEntryUuid(), uid, de.getSize(), stored.size());
            }
            de.setHash(stored.hash());
            de.setSize(stored.size());
            w.staged.put(de, stored);
            return stored;
        } catch (IOException e) {
            throw CONTENT_UNREADABLE.exception(de.getEntryUuid(), uid, e.getMessage());
        }
    }

    // ================================================================ patients

    private void checkPatients(Work w) {
        SubmissionSet ss = w.s.set();
        w.patient = Statuses.patientKey(ss.getPatientId());
        if (w.patient == null) w.fail(NO_PATIENT_ID, ss.getEntryUuid(), "SubmissionSet " + ss.getEntryUuid());
        for (DocumentEntry de : w.s.entries()) checkSamePatient(w, de, "DocumentEntry " + de.getEntryUuid());
        for (Folder f : w.s.folders()) checkSamePatient(w, f, "Folder " + f.getEntryUuid());
        w.throwIfFailed();
    }

    private void checkSamePatient(Work w, XDSMetaClass o, String what) {
        String p = Statuses.patientKey(o.getPatientId());
        if (p == null) w.fail(NO_PATIENT_ID, o.getEntryUuid(), what);
        else if (w.patient != null && !p.equals(w.patient)) w.fail(PATIENT_MISMATCH, o.getEntryUuid(), what, p, w.patient);
    }

    /** Known and ACTIVE, or (fr-dmp policy) identified by an accepted INS authority and registered now. */
    void checkPatientState(Connection c, String patient) throws SQLException {
        Optional<PatientRecord> rec = JdbcPatientRegistry.find(c, patient);
        checkPatientState(patient, rec.map(r -> r.state().name()).orElse(null), rec.map(PatientRecord::reason).orElse(null));
    }

    /** @param state the patient's recorded state ({@link PatientRegistry.State} name), null when unknown */
    private void checkPatientState(String patient, String state, String recordedReason) {
        if (state == null) {
            if (!config.autoRegisterPatients()) throw UNKNOWN_PATIENT.exception(patient, patient);
            Identifiable id = Identifiable.parse(patient);
            AssigningAuthority aa = id.getAssigningAuthority();
            String oid = aa == null ? null : aa.getUniversalId();
            if (oid == null || !config.patientAuthorities().contains(oid)) {
                throw PATIENT_AUTHORITY_NOT_ACCEPTED.exception(patient, patient, oid, config.patientAuthorities());
            }
            // in its own short transaction, idempotent: concurrent first submissions for one patient both proceed
            patients.register(patient, null);
            return;
        }
        String reason = recordedReason == null ? "no reason recorded" : recordedReason;
        switch (PatientRegistry.State.valueOf(state)) {
            case CLOSED -> throw PATIENT_CLOSED.exception(patient, patient, reason);
            case OPPOSED -> throw PATIENT_OPPOSED.exception(patient, patient, reason);
            default -> { }
        }
    }

    // ================================================================ identifiers

    /** Symbolic ids become fresh urn:uuids; pre-assigned ones are accepted once. */
    private void assignIds(Work w, boolean update) throws SQLException {
        Submission s = w.s;
        List<String> preAssigned = new ArrayList<>();
        assignId(w, s.set(), "SubmissionSet", SUBMISSION_SET, preAssigned);
        for (DocumentEntry de : s.entries()) assignId(w, de, "DocumentEntry", DOCUMENT_ENTRY, preAssigned);
        for (Folder f : s.folders()) assignId(w, f, "Folder", FOLDER, preAssigned);
        for (Association a : s.associations()) {
            String id = newId(w, a.getEntryUuid(), "Association", preAssigned);
            if (id != null) {
                a.setEntryUuid(id);
                w.kinds.put(id, ASSOCIATION);
            }
        }
        w.throwIfFailed();
        List<String> existingUuids = w.registeredUuids != null ? w.registeredUuids : tables.existingUuids(w.c, preAssigned);
        for (String existing : existingUuids) w.fail(ENTRY_UUID_EXISTS, existing, existing);
        w.throwIfFailed();

        for (Association a : s.associations()) {
            a.setSourceUuid(w.finalIds.getOrDefault(a.getSourceUuid(), a.getSourceUuid()));
            a.setTargetUuid(w.finalIds.getOrDefault(a.getTargetUuid(), a.getTargetUuid()));
        }
        if (!update) {
            for (DocumentEntry de : s.entries()) checkNewLogicalId(w, de, "DocumentEntry");
            for (Folder f : s.folders()) checkNewLogicalId(w, f, "Folder");
        }
        SubmissionSet ss = s.set();
        w.submitted.put(ss.getEntryUuid(), info(ss.getEntryUuid(), SUBMISSION_SET, ss));
        for (DocumentEntry de : s.entries()) w.submitted.put(de.getEntryUuid(), info(de.getEntryUuid(), DOCUMENT_ENTRY, de));
        for (Folder f : s.folders()) w.submitted.put(f.getEntryUuid(), info(f.getEntryUuid(), FOLDER, f));
        for (Association a : s.associations()) {
            w.submitted.put(a.getEntryUuid(), new ObjectInfo(a.getEntryUuid(), ASSOCIATION, w.patient, Statuses.APPROVED,
                    a.getEntryUuid(), 1, null, null));
        }
        w.throwIfFailed();
    }

    private ObjectInfo info(String uuid, String kind, XDSMetaClass o) {
        return new ObjectInfo(uuid, kind, Statuses.patientKey(o.getPatientId()), Statuses.APPROVED, o.getLogicalUuid(), 1,
                o.getUniqueId(), o instanceof DocumentEntry de ? de.getHash() : null);
    }

    private void assignId(Work w, XDSMetaClass o, String what, String kind, List<String> preAssigned) {
        String submittedId = o.getEntryUuid();
        String id = newId(w, submittedId, what, preAssigned);
        if (id == null) return;
        o.setEntryUuid(id);
        w.kinds.put(id, kind);
        // a logical id equal to the symbolic id follows it
        if (submittedId.equals(o.getLogicalUuid())) o.setLogicalUuid(id);
    }

    private String newId(Work w, String submittedId, String what, List<String> preAssigned) {
        if (submittedId == null || submittedId.isBlank()) {
            w.fail(NO_ENTRY_UUID, null, what);
            return null;
        }
        if (w.finalIds.containsKey(submittedId)) {
            w.fail(DUPLICATE_ENTRY_UUID_IN_MESSAGE, submittedId, submittedId);
            return null;
        }
        String id;
        if (isUuid(submittedId)) {
            id = submittedId;
            preAssigned.add(id);
        } else {
            id = "urn:uuid:" + UUID.randomUUID();
        }
        w.finalIds.put(submittedId, id);
        return id;
    }

    /** The submitted entryUUIDs that are UUIDs (kept as they are by {@link #assignIds}), each once. */
    private static List<String> preAssignedIds(Submission s) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        if (isUuid(s.set().getEntryUuid())) ids.add(s.set().getEntryUuid());
        for (DocumentEntry de : s.entries()) if (isUuid(de.getEntryUuid())) ids.add(de.getEntryUuid());
        for (Folder f : s.folders()) if (isUuid(f.getEntryUuid())) ids.add(f.getEntryUuid());
        for (Association a : s.associations()) if (isUuid(a.getEntryUuid())) ids.add(a.getEntryUuid());
        return new ArrayList<>(ids);
    }

    private static List<String> nonBlank(List<String> ids) {
        return ids.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
    }

    static boolean isUuid(String id) {
        return id != null && id.regionMatches(true, 0, "urn:uuid:", 0, 9);
    }

    private void checkNewLogicalId(Work w, XDSMetaClass o, String what) {
        String lid = o.getLogicalUuid();
        if (lid == null || !isUuid(lid) || w.finalIds.containsKey(lid) && w.finalIds.get(lid).equals(o.getEntryUuid())) {
            o.setLogicalUuid(o.getEntryUuid());
        } else if (!lid.equals(o.getEntryUuid())) {
            w.fail(LOGICAL_ID_ON_NEW_ENTRY, o.getEntryUuid(), what + " " + o.getEntryUuid(), lid);
        }
    }

    private void checkUniqueIdsInMessage(Work w) {
        Set<String> seen = new HashSet<>();
        List<XDSMetaClass> all = new ArrayList<>();
        all.add(w.s.set());
        all.addAll(w.s.entries());
        all.addAll(w.s.folders());
        for (XDSMetaClass o : all) {
            String uid = o.getUniqueId();
            if (uid == null || uid.isBlank()) {
                w.fail(NO_UNIQUE_ID, o.getEntryUuid(), o.getClass().getSimpleName() + " " + o.getEntryUuid());
            } else if (!seen.add(uid)) {
                w.fail(DUPLICATE_UNIQUE_ID_IN_MESSAGE, o.getEntryUuid(), uid);
            }
        }
    }

    // ================================================================ associations

    /** What the writing phase has to do besides inserting the submitted objects. */
    private static final class Plan {
        final Map<String, String> replaced = new LinkedHashMap<>();   // deprecated target -> replacement
        final Set<String> touchedFolders = new HashSet<>();
        final List<Association> extraAssociations = new ArrayList<>();
        final List<String[]> statusChanges = new ArrayList<>();       // table, uuid, from, to
    }

    private Plan checkAssociations(Work w) throws SQLException {
        Plan plan = new Plan();
        Set<String> external = new HashSet<>();
        for (Association a : w.s.associations()) {
            if (a.getSourceUuid() != null && !w.submitted.containsKey(a.getSourceUuid())) external.add(a.getSourceUuid());
            if (a.getTargetUuid() != null && !w.submitted.containsKey(a.getTargetUuid())) external.add(a.getTargetUuid());
        }
        w.registered.putAll(tables.findObjects(w.c, external));

        String ssId = w.s.set().getEntryUuid();
        Set<String> members = new HashSet<>();
        for (Association a : w.s.associations()) {
            AssociationType type = a.getAssociationType();
            String id = a.getEntryUuid();
            if (type == null) {
                w.fail(UNSUPPORTED_ASSOCIATION, id, id, "(none)");
                continue;
            }
            String typeName = type.getOpcode30();
            ObjectInfo src = w.resolve(a.getSourceUuid());
            ObjectInfo tgt = w.resolve(a.getTargetUuid());
            if (src == null) w.fail(UNRESOLVED_REFERENCE, id, id, typeName, "source", a.getSourceUuid());
            if (tgt == null) w.fail(UNRESOLVED_REFERENCE, id, id, typeName, "target", a.getTargetUuid());
            if (src == null || tgt == null) continue;
            boolean documentRelation = type == AssociationType.REPLACE || type == AssociationType.TRANSFORM
                    || type == AssociationType.APPEND || type == AssociationType.TRANSFORM_AND_REPLACE;
            if (a.getDocCode() != null && !documentRelation) w.fail(DOCUMENTATION_NOT_ALLOWED, id, id, typeName);
            switch (type) {
                case HAS_MEMBER -> {
                    if (src.entryUuid().equals(ssId)) {
                        if (tgt.is(SUBMISSION_SET)) {
                            w.fail(INVALID_ASSOCIATION_TARGET, id, id, typeName, tgt.entryUuid(), "a DocumentEntry, Folder or Association");
                        } else {
                            if (tgt.is(DOCUMENT_ENTRY) && a.getLabel() == null) w.fail(NO_SUBMISSION_SET_STATUS, id, id, tgt.entryUuid());
                            if (!tgt.is(ASSOCIATION)) checkSamePatient(w, a, src, tgt);
                            members.add(tgt.entryUuid());
                        }
                    } else if (src.is(FOLDER)) {
                        if (!tgt.is(DOCUMENT_ENTRY)) {
                            w.fail(INVALID_ASSOCIATION_TARGET, id, id, typeName, tgt.entryUuid(), "a DocumentEntry");
                        } else {
                            if (!w.submitted.containsKey(src.entryUuid())) {
                                if (!Statuses.APPROVED.equals(src.status())) {
                                    w.fail(INVALID_ASSOCIATION_SOURCE, id, id, typeName, src.entryUuid(), "an Approved Folder");
                                }
                                plan.touchedFolders.add(src.entryUuid());
                            }
                            checkSamePatient(w, a, src, tgt);
                        }
                    } else {
                        w.fail(INVALID_ASSOCIATION_SOURCE, id, id, typeName, src.entryUuid(), "the SubmissionSet or a Folder");
                    }
                }
                case REPLACE, TRANSFORM, APPEND, TRANSFORM_AND_REPLACE -> {
                    if (!src.is(DOCUMENT_ENTRY) || !w.submitted.containsKey(src.entryUuid())) {
                        w.fail(INVALID_ASSOCIATION_SOURCE, id, id, typeName, src.entryUuid(), "a DocumentEntry of this submission");
                    } else if (!tgt.is(DOCUMENT_ENTRY) || w.submitted.containsKey(tgt.entryUuid())) {
                        w.fail(INVALID_ASSOCIATION_TARGET, id, id, typeName, tgt.entryUuid(), "a registered DocumentEntry");
                    } else if (!Statuses.APPROVED.equals(tgt.status())) {
                        w.fail(TARGET_NOT_APPROVED, id, id, typeName, tgt.entryUuid(), Statuses.shortName(tgt.status()));
                    } else {
                        checkSamePatient(w, a, src, tgt);
                        if (type.isReplace()) {
                            if (plan.replaced.containsKey(tgt.entryUuid())) {
                                w.fail(TARGET_NOT_APPROVED, id, id, typeName, tgt.entryUuid(), "replaced twice in this submission");
                            }
                            plan.replaced.put(tgt.entryUuid(), src.entryUuid());
                        }
                    }
                }
                case SIGNS, IS_SNAPSHOT_OF -> {
                    if (!src.is(DOCUMENT_ENTRY) || !w.submitted.containsKey(src.entryUuid())) {
                        w.fail(INVALID_ASSOCIATION_SOURCE, id, id, typeName, src.entryUuid(), "a DocumentEntry of this submission");
                    }
                    if (type == AssociationType.IS_SNAPSHOT_OF && !tgt.is(DOCUMENT_ENTRY)) {
                        w.fail(INVALID_ASSOCIATION_TARGET, id, id, typeName, tgt.entryUuid(), "a DocumentEntry");
                    }
                }
                default -> w.fail(UNSUPPORTED_ASSOCIATION, id, id, typeName);
            }
        }
        for (DocumentEntry de : w.s.entries()) {
            if (!members.contains(de.getEntryUuid())) w.fail(NOT_A_MEMBER, de.getEntryUuid(), "DocumentEntry", de.getEntryUuid());
        }
        for (Folder f : w.s.folders()) {
            if (!members.contains(f.getEntryUuid())) w.fail(NOT_A_MEMBER, f.getEntryUuid(), "Folder", f.getEntryUuid());
        }
        return plan;
    }

    private void checkSamePatient(Work w, Association a, ObjectInfo src, ObjectInfo tgt) {
        String ps = src.is(SUBMISSION_SET) && w.submitted.containsKey(src.entryUuid()) ? w.patient : src.patientId();
        if (ps != null && tgt.patientId() != null && !ps.equals(tgt.patientId())) {
            w.fail(ASSOCIATION_PATIENT_MISMATCH, a.getEntryUuid(), a.getEntryUuid(), a.getAssociationType().getOpcode30(),
                    src.entryUuid(), ps, tgt.entryUuid(), tgt.patientId());
        }
    }

    // ================================================================ writing

    private void write(Work w, Plan plan, long now) throws SQLException {
        Connection c = w.c;
        long order = System.currentTimeMillis() * 1000;

        // RPLC / XFRM_RPLC: deprecate the original (and its addenda and transforms); the replacement joins its folders
        List<String> deprecated = new ArrayList<>();
        for (Map.Entry<String, String> r : plan.replaced.entrySet()) {
            String original = r.getKey();
            if (tables.changeStatus(c, "reg_document_entry", original, Statuses.APPROVED, Statuses.DEPRECATED) != 1) {
                throw CONCURRENT_CHANGE.exception(original, "DocumentEntry " + original);
            }
            deprecated.add(original);
            for (String type : List.of(AssociationType.APPEND.getOpcode30(), AssociationType.TRANSFORM.getOpcode30())) {
                for (String child : tables.sourcesOf(c, type, original)) {
                    tables.changeStatus(c, "reg_document_entry", child, Statuses.APPROVED, Statuses.DEPRECATED);
                }
            }
            List<String> holders = tables.sourcesOf(c, AssociationType.HAS_MEMBER.getOpcode30(), original);
            for (ObjectInfo holder : tables.findObjects(c, holders).values()) {
                if (!holder.is(FOLDER)) continue;
                Association member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                        holder.entryUuid(), r.getValue());
                member.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                plan.extraAssociations.add(member);
                w.kinds.put(member.getEntryUuid(), ASSOCIATION);
                plan.touchedFolders.add(holder.entryUuid());
            }
        }

        // one statement batch per table
        for (Map.Entry<DocumentEntry, ContentStore.Staged> st : w.staged.entrySet()) {
            content.publish(c, st.getKey().getUniqueId(), st.getKey().getMimeType(), st.getValue(), w.staging);
        }
        tables.insertObjectIds(c, w.kinds);
        RegistryTables.Codes codes = new RegistryTables.Codes();
        tables.insertSubmissionSet(c, w.s.set(), Statuses.APPROVED, order++, codes);
        order = tables.insertDocumentEntries(c, w.s.entries(), Statuses.APPROVED, order, codes);
        for (Folder f : w.s.folders()) tables.insertFolder(c, f, Statuses.APPROVED, now, order++, codes);
        List<Association> associations = new ArrayList<>(w.s.associations());
        for (Association a : associations) a.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        associations.addAll(plan.extraAssociations);
        order = tables.insertAssociations(c, associations, Statuses.APPROVED, order);
        codes.insert(c);
        for (String folder : plan.touchedFolders) tables.touchFolder(c, folder, now);
        for (String[] change : plan.statusChanges) {
            if (tables.changeStatus(c, change[0], change[1], change[2], change[3]) != 1) {
                throw CONCURRENT_CHANGE.exception(change[1], change[1]);
            }
        }
    }

    // ================================================================ ITI-57

    void update(Connection c, Submission s) throws SQLException {
        Work w = new Work(c, s);
        SubmissionSet ss = requireSubmissionSet(s);
        checkPatients(w);
        checkPatientState(c, w.patient);
        assignIds(w, true);
        if (ss.getUniqueId() == null || ss.getUniqueId().isBlank()) w.fail(NO_UNIQUE_ID, ss.getEntryUuid(), "SubmissionSet " + ss.getEntryUuid());
        for (String uid : tables.existingUniqueIds(c, "reg_submission_set", List.of(String.valueOf(ss.getUniqueId())))) {
            w.fail(UNIQUE_ID_EXISTS, ss.getEntryUuid(), uid, "SubmissionSet " + ss.getEntryUuid(), "a SubmissionSet");
        }
        w.throwIfFailed();
        ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        long now = Instant.now().getEpochSecond();
        Plan plan = new Plan();

        // which HasMember association of the submission set introduces each new version
        Map<String, Association> memberships = new HashMap<>();
        for (Association a : s.associations()) {
            if (a.getAssociationType() == AssociationType.HAS_MEMBER && ss.getEntryUuid().equals(a.getSourceUuid())) {
                memberships.put(a.getTargetUuid(), a);
            }
        }
        List<String[]> supersede = new ArrayList<>(); // table, previous entryUuid
        for (DocumentEntry de : s.entries()) {
            ObjectInfo latest = newVersion(w, de, "DocumentEntry", "reg_document_entry", DOCUMENT_ENTRY, memberships);
            if (latest != null) {
                de.setVersion(new Version(Integer.toString(latest.version() + 1)));
                de.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                if (de.getType() == null) de.setType(DocumentEntryType.STABLE);
                supersede.add(new String[]{"reg_document_entry", latest.entryUuid()});
            }
        }
        for (Folder f : s.folders()) {
            ObjectInfo latest = newVersion(w, f, "Folder", "reg_folder", FOLDER, memberships);
            if (latest != null) {
                f.setVersion(new Version(Integer.toString(latest.version() + 1)));
                f.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                f.setLastUpdateTime(Statuses.timestamp(now));
                supersede.add(new String[]{"reg_folder", latest.entryUuid()});
            }
        }
        w.throwIfFailed();

        Set<String> external = new HashSet<>();
        for (Association a : s.associations()) {
            if (!w.submitted.containsKey(a.getTargetUuid())) external.add(a.getTargetUuid());
            if (!w.submitted.containsKey(a.getSourceUuid())) external.add(a.getSourceUuid());
        }
        external.remove(null);
        w.registered.putAll(tables.findObjects(c, external));
        boolean statusUpdates = false;
        for (Association a : s.associations()) {
            String id = a.getEntryUuid();
            AssociationType type = a.getAssociationType();
            String typeName = type == null ? "(none)" : type.getOpcode30();
            ObjectInfo src = w.resolve(a.getSourceUuid());
            ObjectInfo tgt = w.resolve(a.getTargetUuid());
            if (src == null) w.fail(RegistryFailure.UNRESOLVED_REFERENCE, id, id, typeName, "source", a.getSourceUuid());
            if (tgt == null) w.fail(RegistryFailure.UNRESOLVED_REFERENCE, id, id, typeName, "target", a.getTargetUuid());
            if (src == null || tgt == null || type == null) continue;
            if (type == AssociationType.UPDATE_AVAILABILITY_STATUS) {
                statusUpdates = true;
                planStatusChange(w, plan, a, src, tgt);
            } else if (type == AssociationType.HAS_MEMBER && src.entryUuid().equals(ss.getEntryUuid())) {
                if (!tgt.is(ASSOCIATION)) checkSamePatient(w, a, src, tgt);
            } else if (type == AssociationType.HAS_MEMBER && src.is(FOLDER) && tgt.is(DOCUMENT_ENTRY)) {
                checkSamePatient(w, a, src, tgt);
                if (!w.submitted.containsKey(src.entryUuid())) plan.touchedFolders.add(src.entryUuid());
            } else {
                w.fail(UNSUPPORTED_ASSOCIATION, id, id, typeName);
            }
        }
        if (s.entries().isEmpty() && s.folders().isEmpty() && !statusUpdates) w.fail(UPDATE_NOTHING, null);
        w.throwIfFailed();

        for (String[] sup : supersede) {
            if (tables.changeStatus(c, sup[0], sup[1], Statuses.APPROVED, Statuses.DEPRECATED) != 1) {
                throw CONCURRENT_CHANGE.exception(sup[1], sup[1]);
            }
        }
        write(w, plan, now);
    }

    /** Checks a new version against the latest registered one; returns that latest version, or null on failure. */
    private ObjectInfo newVersion(Work w, XDSMetaClass o, String what, String table, String kind,
                                  Map<String, Association> memberships) throws SQLException {
        String label = what + " " + o.getEntryUuid();
        String lid = o.getLogicalUuid();
        ObjectInfo latest = lid == null ? null : tables.latestVersion(w.c, table, kind, lid);
        if (latest == null) {
            w.fail(UPDATE_UNKNOWN_LOGICAL_ID, o.getEntryUuid(), label, lid);
            return null;
        }
        Association member = memberships.get(o.getEntryUuid());
        if (member == null) {
            w.fail(NOT_A_MEMBER, o.getEntryUuid(), what, o.getEntryUuid());
            return null;
        }
        if (member.getPreviousVersion() == null) {
            w.fail(UPDATE_NO_PREVIOUS_VERSION, member.getEntryUuid(), member.getEntryUuid(), o.getEntryUuid());
            return null;
        }
        if (!member.getPreviousVersion().trim().equals(Integer.toString(latest.version()))) {
            w.fail(UPDATE_VERSION_MISMATCH, o.getEntryUuid(), label, lid, member.getPreviousVersion(), latest.version());
            return null;
        }
        if (!Statuses.APPROVED.equals(latest.status())) {
            w.fail(UPDATE_NOT_APPROVED, o.getEntryUuid(), label, lid, Statuses.shortName(latest.status()));
            return null;
        }
        String p = Statuses.patientKey(o.getPatientId());
        if (p != null && !p.equals(latest.patientId())) {
            w.fail(UPDATE_PATIENT_CHANGED, o.getEntryUuid(), label, lid, p, latest.patientId());
            return null;
        }
        if (o.getUniqueId() == null || !o.getUniqueId().equals(latest.uniqueId())) {
            w.fail(UPDATE_UNIQUE_ID_CHANGED, o.getEntryUuid(), label, lid, o.getUniqueId(), latest.uniqueId());
            return null;
        }
        return latest;
    }

    /** Extra-metadata slot through which a caller can pass a CI-SIS NewStatus that IPF's enum cannot hold. */
    static final String NEW_STATUS_SLOT = "urn:passerelle:NewStatus";
    static final String ORIGINAL_STATUS_SLOT = "urn:passerelle:OriginalStatus";

    private void planStatusChange(Work w, Plan plan, Association a, ObjectInfo src, ObjectInfo tgt) {
        String id = a.getEntryUuid();
        if (!src.entryUuid().equals(w.s.set().getEntryUuid())) {
            w.fail(INVALID_ASSOCIATION_SOURCE, id, id, a.getAssociationType().getOpcode30(), src.entryUuid(), "the SubmissionSet");
            return;
        }
        if (!(tgt.is(DOCUMENT_ENTRY) || tgt.is(FOLDER)) || w.submitted.containsKey(tgt.entryUuid())) {
            w.fail(INVALID_ASSOCIATION_TARGET, id, id, a.getAssociationType().getOpcode30(), tgt.entryUuid(), "a registered DocumentEntry or Folder");
            return;
        }
        String original = a.getOriginalStatus() != null ? Statuses.urn(a.getOriginalStatus()) : Statuses.normalize(slot(a, ORIGINAL_STATUS_SLOT));
        String next = a.getNewStatus() != null ? Statuses.urn(a.getNewStatus()) : Statuses.normalize(slot(a, NEW_STATUS_SLOT));
        if (original == null || next == null) {
            w.fail(UPDATE_STATUS_INVALID, id, id, "OriginalStatus and NewStatus are both required");
            return;
        }
        if (!Statuses.isKnown(next)) {
            w.fail(UPDATE_STATUS_INVALID, id, id, "unknown NewStatus " + next);
            return;
        }
        if (!original.equals(tgt.status())) {
            w.fail(UPDATE_ORIGINAL_STATUS_MISMATCH, id, id, Statuses.shortName(original), tgt.entryUuid(), Statuses.shortName(tgt.status()));
            return;
        }
        if (original.equals(next)) {
            w.fail(UPDATE_STATUS_INVALID, id, id, "NewStatus equals OriginalStatus " + Statuses.shortName(next));
            return;
        }
        if (tgt.is(DOCUMENT_ENTRY) && checkSamePatientQuiet(w, tgt)) {
            w.fail(ASSOCIATION_PATIENT_MISMATCH, id, id, a.getAssociationType().getOpcode30(), src.entryUuid(), w.patient,
                    tgt.entryUuid(), tgt.patientId());
            return;
        }
        plan.statusChanges.add(new String[]{tgt.is(FOLDER) ? "reg_folder" : "reg_document_entry", tgt.entryUuid(), original, next});
    }

    private static boolean checkSamePatientQuiet(Work w, ObjectInfo tgt) {
        return tgt.patientId() != null && w.patient != null && !tgt.patientId().equals(w.patient);
    }

    private static String slot(Association a, String name) {
        if (a.getExtraMetadata() == null) return null;
        List<String> v = a.getExtraMetadata().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
