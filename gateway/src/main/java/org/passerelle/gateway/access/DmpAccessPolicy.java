package org.passerelle.gateway.access;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.access.AccessDecision;
import org.passerelle.access.AccessFailure;
import org.passerelle.access.AccessRules;
import org.passerelle.access.Actor;
import org.passerelle.access.AirContracts;
import org.passerelle.access.DocumentFacts;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.PatientDecisionSet;
import org.passerelle.access.PatientDecisions;
import org.passerelle.access.PatientRecord;
import org.passerelle.access.PatientRecords;
import org.passerelle.gateway.spi.AccessDenied;
import org.passerelle.gateway.spi.AccessPolicy;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DMP access rules (module access-rules) applied to the gateway's transactions. Adapts IPF's model and the
 * verified {@link Caller} to the pure {@link AccessRules}; reads the record state and the patient's decisions once
 * per request.
 * <ul>
 * <li>ITI-41/42: R-70 INS, R-02/R-03/R-04/R-10/R-34/R-84 through {@link AccessRules#canFeed}, R-52 for RPLC.</li>
 * <li>ITI-57: each new DocumentEntry version against the registered one (R-40…R-44), each UpdateAvailabilityStatus
 *     (R-50 deletion, R-51 archiving).</li>
 * <li>ITI-18: a record-level decision per patient (R-02, R-05, R-06, R-20, R-30… ); then every document
 *     the caller may not see (R-11, R-40…) is removed, with the associations that point at it. A refused
 *     record answers Failure (XDSUnknownPatientId for a closed/opposed record, XDSRegistryError "R-xx: …"
 *     otherwise), except whose query is simply empty.</li>
 * <li>ITI-43: both decisions for the document.</li>
 * <li>R-13: documents the matrix withholds from an ITI-18 answer are audited ({@link #withAuditor}).</li>
 * </ul>
 */
public final class DmpAccessPolicy implements AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DmpAccessPolicy.class);
    /** UpdateAvailabilityStatus slots through which the CI-SIS statuses travel (IPF's enum cannot hold them). */
    static final List<String> NEW_STATUS_SLOTS = List.of("urn:passerelle:NewStatus", "NewStatus");

    private final AccessRules rules;
    private final PatientRecords records;
    private final PatientDecisions decisions;
    private final DocumentLookup documents;
    private final CallerActors actors;
    private final Clock clock;
    private AirContracts airContracts;
    private TransactionAuditor auditor = TransactionAuditor.NONE;

    public DmpAccessPolicy(AccessRules rules, PatientRecords records, PatientDecisions decisions,
                           DocumentLookup documents, CallerActors actors, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.records = Objects.requireNonNull(records, "records");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.documents = documents == null ? DocumentLookup.NONE : documents;
        this.actors = actors == null ? CallerActors.professionalsOnly() : actors;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        for (String note : rules.matrix().notes()) LOG.info("habilitation matrix {}: {}", rules.matrix().source(), note);
        this.airContracts = decisions instanceof AirContracts a ? a : null;
    }

    /**
     * the AIR engagement contracts to check (by default the JDBC decisions store when it is one). With none,
     * AIR consultation is not contract-checked (development only); pass {@link AirContracts#NONE} to refuse all AIR.
     */
    public DmpAccessPolicy withAirContracts(AirContracts contracts) {
        this.airContracts = contracts;
        return this;
    }

    /**
     * where documents withheld from an ITI-18 answer by the habilitation matrix are audited (one REFUSED event
     * per query naming the caller, the withheld uniqueIds and their typeCodes). Refusals of whole requests are audited
     * by the gateway itself.
     */
    public DmpAccessPolicy withAuditor(TransactionAuditor auditor) {
        this.auditor = auditor == null ? TransactionAuditor.NONE : auditor;
        return this;
    }

    public DmpAccessPolicy(AccessRules rules, PatientRecords records, PatientDecisions decisions, DocumentLookup documents) {
        this(rules, records, decisions, documents, null, null);
    }

    /** The policy on module registry's store: record states from its patients, documents through its queries. */
    public static DmpAccessPolicy forStore(AccessRules rules, org.passerelle.registry.XdsStore store, PatientDecisions decisions) {
        return new DmpAccessPolicy(rules, new RegistryPatientRecords(store.patients()), decisions,
                DocumentLookup.viaQueries(store::query, store::documentStatus));
    }

    // ---------------------------------------------------------------- ITI-41 / ITI-42 / ITI-57

    @Override
    public void checkSubmission(Caller caller, Transaction transaction, RegisterDocumentSet submission) throws AccessDenied {
        Actor actor = actor(caller);
        String pid = submission.getSubmissionSet() == null ? null : DocumentFactsOf.cx(submission.getSubmissionSet().getPatientId());
        if (pid == null && !submission.getDocumentEntries().isEmpty()) pid = DocumentFactsOf.cx(submission.getDocumentEntries().get(0).getPatientId());
        if (transaction != Transaction.ITI_57) require(rules.checkIns(pid));
        PatientRecord record = records.get(pid);
        PatientDecisionSet patient = decisions.forPatient(pid);
        if (transaction == Transaction.ITI_57) {
            checkUpdate(actor, record, submission);
            return;
        }
        List<DocumentFacts> docs = new ArrayList<>();
        for (DocumentEntry e : submission.getDocumentEntries()) docs.add(DocumentFactsOf.of(e, null));
        require(rules.canFeed(actor, record, patient, docs));
        for (Association a : submission.getAssociations()) {
            if (isReplacement(a.getAssociationType())) {
                Optional<DocumentEntry> old = documents.byUuid(a.getTargetUuid());
                if (old.isPresent()) require(rules.canReplace(actor, DocumentFactsOf.of(old.get(), null)));
            }
        }
    }

    private void checkUpdate(Actor actor, PatientRecord record, RegisterDocumentSet set) throws AccessDenied {
        require(rules.canWrite(actor, record, "a metadata update (ITI-57)"));
        for (DocumentEntry updated : set.getDocumentEntries()) {
            String lid = updated.getLogicalUuid() != null ? updated.getLogicalUuid() : updated.getEntryUuid();
            Optional<DocumentEntry> current = documents.byUuid(lid);
            if (current.isEmpty()) continue; // the store answers XDSMetadataUpdateError for an unknown logicalId
            DocumentFacts now = DocumentFactsOf.of(current.get(), documents.status(current.get().getUniqueId()).orElse(null));
            DocumentFacts next = DocumentFactsOf.of(updated, null);
            require(rules.canUpdate(actor, record, now, next, otherFieldsChanged(current.get(), updated)));
        }
        for (Association a : set.getAssociations()) {
            if (a.getAssociationType() != AssociationType.UPDATE_AVAILABILITY_STATUS) continue;
            Optional<DocumentEntry> target = documents.byUuid(a.getTargetUuid());
            if (target.isEmpty()) continue; // a folder, or unknown: the store decides
            String newStatus = a.getNewStatus() != null ? urn(a.getNewStatus()) : slot(a);
            if (newStatus == null) continue; // the store answers the missing NewStatus
            DocumentFacts facts = DocumentFactsOf.of(target.get(), documents.status(target.get().getUniqueId()).orElse(null));
            require(rules.canChangeStatus(actor, record, facts, newStatus));
        }
    }

    /** The ebRIM 3.0 URN of an IHE status (the rules compare URNs, e.g. on unarchiving to Approved). */
    private static String urn(org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus status) {
        return status.getOpcode().startsWith("urn:") ? status.getOpcode() : status.getQueryOpcode();
    }

    private static String slot(Association a) {
        if (a.getExtraMetadata() == null) return null;
        for (String name : NEW_STATUS_SLOTS) {
            List<String> v = a.getExtraMetadata().get(name);
            if (v != null && !v.isEmpty()) return v.get(0);
        }
        return null;
    }

    private static boolean isReplacement(AssociationType t) {
        return t == AssociationType.REPLACE || t == AssociationType.TRANSFORM_AND_REPLACE;
    }

    /** Whether anything but the fields a new version naturally changes (ids, version, status, visibility) differs. */
    static boolean otherFieldsChanged(DocumentEntry current, DocumentEntry updated) {
        DocumentEntry a = copy(current), b = copy(updated);
        for (DocumentEntry d : List.of(a, b)) {
            d.setEntryUuid(null);
            d.setLogicalUuid(null);
            d.setVersion(null);
            d.setAvailabilityStatus(null);
            d.getConfidentialityCodes().clear();
            d.setExtraMetadata(null);
            d.setHash(null);
            d.setSize(null);
            d.setRepositoryUniqueId(null);
            d.setHomeCommunityId(null);
            d.setDocumentAvailability(null);
        }
        return !a.equals(b);
    }

    private static DocumentEntry copy(DocumentEntry e) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) { out.writeObject(e); }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (DocumentEntry) in.readObject();
            }
        } catch (IOException | ClassNotFoundException ex) {
            throw new IllegalStateException("cannot copy a DocumentEntry: " + ex, ex);
        }
    }

    // ---------------------------------------------------------------- ITI-18

    /** ITI-18 reads only the access facts of the entries (DocumentFactsOf, typeCode, uniqueId, patientId, entryUUID). */
    @Override
    public boolean readsAccessFactsOnly() { return true; }

    @Override
    public QueryResponse filterQueryResponse(Caller caller, QueryResponse response) {
        if (response == null || response.getStatus() == Status.FAILURE) return response;
        Actor actor;
        try {
            actor = consultingActor(caller);
        } catch (AccessDenied d) {
            return failure(d.ruleId(), ErrorCode.REGISTRY_ERROR, d.getMessage().substring(d.ruleId().length() + 2));
        }
        Map<String, List<DocumentEntry>> byPatient = new LinkedHashMap<>();
        for (DocumentEntry e : response.getDocumentEntries()) byPatient.computeIfAbsent(DocumentFactsOf.cx(e.getPatientId()), k -> new ArrayList<>()).add(e);
        if (byPatient.isEmpty() && actor.resourceId() != null) byPatient.put(actor.resourceId(), List.of());
        HabilitationMatrix.Habilitation hab = rules.habilitation(actor);
        Set<String> removed = new HashSet<>();
        Map<String, AccessDecision> recordDecisions = new HashMap<>();
        for (Map.Entry<String, List<DocumentEntry>> p : byPatient.entrySet()) {
            AccessDecision d = recordDecisions.computeIfAbsent(p.getKey(), pid -> rules.canConsult(actor,
                    records.get(pid), decisions.forPatient(pid), clock.instant()));
            if (d.denied()) {
                if (d.ruleId().equals("R-05") || d.ruleId().equals("R-06")) {
                    p.getValue().forEach(e -> removed.add(e.getEntryUuid()));
                    LOG.info("ITI-18 for {} by {}: empty ({})", p.getKey(), actor.subjectId(), d.codeContext());
                    continue;
                }
                return failure(d.ruleId(), ErrorCode.valueOfOpcode(d.failure().errorCode()), d.reason());
            }
            Map<String, List<String>> withheld = new LinkedHashMap<>();
            for (DocumentEntry e : p.getValue()) {
                AccessDecision seen = rules.canSee(actor, hab, DocumentFactsOf.of(e, null));
                if (seen.denied()) {
                    removed.add(e.getEntryUuid());
                    if (seen.failure() == AccessFailure.READ_NOT_HABILITATED) {
                        withheld.computeIfAbsent(e.getTypeCode() == null ? "?" : e.getTypeCode().getCode(), k -> new ArrayList<>()).add(e.getUniqueId());
                    }
                }
            }
            if (!withheld.isEmpty()) auditWithheld(caller, actor, p.getKey(), withheld);
        }
        if (removed.isEmpty()) return response;
        response.getDocumentEntries().removeIf(e -> removed.contains(e.getEntryUuid()));
        response.getAssociations().removeIf(a -> removed.contains(a.getSourceUuid()) || removed.contains(a.getTargetUuid()));
        response.getReferences().removeIf(r -> removed.contains(r.getId()));
        return response;
    }

    /** every matrix refusal is audited, also when it only removes documents from a query's answer. */
    private void auditWithheld(Caller caller, Actor actor, String pid, Map<String, List<String>> byType) {
        List<String> uids = new ArrayList<>();
        byType.values().forEach(uids::addAll);
        String detail = "R-11: the habilitation matrix withheld " + uids.size() + " document(s) from profession "
                + actor.professionCode() + " (specialty " + actor.specialtyCode() + "): typeCode " + String.join(", typeCode ",
                byType.entrySet().stream().map(t -> t.getKey() + " " + t.getValue()).toList());
        auditor.record(caller, Transaction.ITI_18, pid, uids, TransactionAuditor.Outcome.REFUSED, detail);
    }

    private static QueryResponse failure(String ruleId, ErrorCode code, String reason) {
        QueryResponse r = new QueryResponse(Status.FAILURE);
        r.getErrors().add(new ErrorInfo(code == null ? ErrorCode.REGISTRY_ERROR : code, ruleId + ": " + reason, Severity.ERROR, null, null));
        return r;
    }

    // ---------------------------------------------------------------- ITI-43

    @Override
    public void checkRetrieve(Caller caller, DocumentEntry document) throws AccessDenied {
        Actor actor = consultingActor(caller);
        String pid = DocumentFactsOf.cx(document.getPatientId());
        String status = documents.status(document.getUniqueId()).orElse(null);
        require(rules.canRead(actor, records.get(pid), decisions.forPatient(pid), DocumentFactsOf.of(document, status), clock.instant()));
    }

    // ---------------------------------------------------------------- TD0.2 record state

    /**
     * the record state of {@code pid} and whether this caller may consult it now (R-02, R-05, R-06,
     * … for AIR), read once; no document is read. An anonymous caller is refused.
     */
    public AccessRules.RecordStatus recordStatus(Caller caller, String pid) throws AccessDenied {
        Actor actor = actor(caller);
        AccessRules.RecordStatus s = rules.recordStatus(actor, records.get(pid), decisions.forPatient(pid), clock.instant());
        if (s.consultation().allowed() && actor.air() && airContracts != null) {
            AccessDecision contract = rules.checkAirContract(actor, airContracts.forEstablishment(actor.structureId()).orElse(null), clock.instant());
            if (contract.denied()) {
                s = new AccessRules.RecordStatus(s.patientId(), s.state(), s.stateSince(), s.reason(), s.known(),
                        s.activated(), s.consultationOpposed(), s.emergencyAllowed(), contract);
            }
        }
        return s;
    }

    /** is this patient id a valid INS under the configured authorities? */
    public AccessDecision checkIns(String pid) {
        return rules.checkIns(pid);
    }

    // ---------------------------------------------------------------- helpers

    private Actor actor(Caller caller) throws AccessDenied {
        if (caller == null || caller.isAnonymous()) {
            throw new AccessDenied("R-80", "no verified VIHF caller: the DMP access rules need the security layer "
                    + "(mutual TLS + VIHF) enabled");
        }
        Actor actor;
        try {
            actor = actors.actorOf(caller);
        } catch (IllegalArgumentException e) {
            throw new AccessDenied("R-30", e.getMessage());
        }
        return actor;
    }

    /** A consulting actor: in AIR mode, the establishment's engagement contract must be valid. */
    private Actor consultingActor(Caller caller) throws AccessDenied {
        Actor actor = actor(caller);
        if (actor.air() && airContracts != null) {
            require(rules.checkAirContract(actor, airContracts.forEstablishment(actor.structureId()).orElse(null), clock.instant()));
        }
        return actor;
    }

    private static void require(AccessDecision d) throws AccessDenied {
        if (d.denied()) throw new DmpAccessDenied(d);
    }
}
