package org.passerelle.gateway.ws;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLFactory;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAdhocQueryRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLNonconstructiveDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLProvideAndRegisterDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.PatientIdBasedStoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.ValidationProfile;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayException;
import org.passerelle.gateway.GatewayFailure;
import org.passerelle.gateway.XdsBackend;
import org.passerelle.gateway.spi.AccessDenied;
import org.passerelle.gateway.spi.AccessPolicy;
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.gateway.spi.TransactionAuditor.Outcome;
import org.passerelle.gateway.validation.CiSisStatusSlots;
import org.passerelle.gateway.validation.FrenchMetadataRules;
import org.passerelle.gateway.validation.MetadataValidator;
import org.passerelle.registry.StoredDocumentEntry;
import org.passerelle.registry.StoredQueryResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the five XDS.b endpoints do, between the wire types and the {@link XdsBackend}: transform with IPF, validate
 * (IPF per transaction + French rules under fr-dmp + document checks), apply the {@link AccessPolicy}, call the store,
 * audit every outcome. Any refusal answers Failure with RegistryErrors and nothing reaches the store.
 */
public final class XdsTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(XdsTransactions.class);

    private final XdsBackend backend;
    private final MetadataValidator validator;
    private final FrenchMetadataRules frenchRules;
    private final DocumentCheck documentCheck;
    private final AccessPolicy accessPolicy;
    private final TransactionAuditor auditor;
    private final PatientBinding patientBinding;

    private final EbXMLFactory factory = new EbXMLFactory30();
    private final ProvideAndRegisterDocumentSetTransformer pnrTransformer = new ProvideAndRegisterDocumentSetTransformer(factory);
    private final RegisterDocumentSetTransformer registerTransformer = new RegisterDocumentSetTransformer(factory);
    private final QueryRegistryTransformer queryTransformer = new QueryRegistryTransformer(factory);
    private final RetrieveDocumentSetRequestTransformer retrieveTransformer = new RetrieveDocumentSetRequestTransformer(factory);
    private final ResponseTransformer responseTransformer = new ResponseTransformer(factory);
    private final QueryResponseTransformer queryResponseTransformer = new QueryResponseTransformer(factory);
    private final RetrieveDocumentSetResponseTransformer retrieveResponseTransformer = new RetrieveDocumentSetResponseTransformer(factory);

    /**
     * @param frenchRules   the fr-dmp rules, or null under the ihe profile
     * @param documentCheck checks of ITI-41 documents (CDA validation, header vs metadata)
     */
    public XdsTransactions(XdsBackend backend, MetadataValidator validator, FrenchMetadataRules frenchRules,
                           DocumentCheck documentCheck, AccessPolicy accessPolicy, TransactionAuditor auditor) {
        this(backend, validator, frenchRules, documentCheck, accessPolicy, auditor, PatientBinding.NONE);
    }

    public XdsTransactions(XdsBackend backend, MetadataValidator validator, FrenchMetadataRules frenchRules,
                           DocumentCheck documentCheck, AccessPolicy accessPolicy, TransactionAuditor auditor,
                           PatientBinding patientBinding) {
        this.patientBinding = patientBinding;
        this.backend = backend;
        this.validator = validator;
        this.frenchRules = frenchRules;
        this.documentCheck = documentCheck;
        this.accessPolicy = accessPolicy;
        this.auditor = auditor;
    }

    // ---------------------------------------------------------------- ITI-41

    public RegistryResponseType provideAndRegister(ProvideAndRegisterDocumentSetRequestType body) {
        Caller caller = caller();
        Audit audit = new Audit(caller, Transaction.ITI_41);
        Response response;
        long t0 = System.nanoTime(), t1 = t0, t2 = t0, t3 = t0, t4 = t0;
        try {
            ProvideAndRegisterDocumentSet pnr = transformThenValidate(
                    () -> pnrTransformer.fromEbXML(new EbXMLProvideAndRegisterDocumentSetRequest30(body)),
                    () -> validator.validateProvideAndRegister(body));
            List<DocumentEntry> entries = pnr.getDocuments().stream().map(Document::getDocumentEntry).toList();
            audit.patient(pnr.getSubmissionSet() == null ? null : pnr.getSubmissionSet().getPatientId());
            audit.documents(entries);
            bindPatient(caller, audit.patient, audit);
            t1 = System.nanoTime();
            if (frenchRules != null) {
                failIfAny(frenchRules.check(pnr.getSubmissionSet(), entries, pnr.getFolders()));
            }
            t2 = System.nanoTime();
            List<ErrorInfo> documentErrors = new ArrayList<>();
            for (Document d : pnr.getDocuments()) {
                documentErrors.addAll(documentCheck.check(d));
            }
            failIfAny(documentErrors);
            t3 = System.nanoTime();
            accessPolicy.checkSubmission(caller, Transaction.ITI_41, asRegisterDocumentSet(pnr, entries));
            response = backend.provideAndRegister(pnr);
            t4 = System.nanoTime();
            if (LOG.isDebugEnabled()) {
                LOG.debug("ITI-41 timings (ms): transform+IPF validation {}, French rules {}, document checks {}, "
                        + "access+store {}", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                        (t4 - t3) / 1_000_000);
            }
        } catch (SoapFault fault) {
            throw fault;
        } catch (Exception e) {
            response = new Response(Status.FAILURE);
            response.getErrors().addAll(errorsOf(e, audit, ErrorCode.REPOSITORY_ERROR));
        }
        audit.done(response.getStatus(), response.getErrors());
        return responseTransformer.toEbXML(response).getInternal();
    }

    // ---------------------------------------------------------------- ITI-42 / ITI-57

    public RegistryResponseType register(SubmitObjectsRequest body) {
        return submit(body, Transaction.ITI_42, XDS.Interactions.ITI_42);
    }

    public RegistryResponseType update(SubmitObjectsRequest body) {
        return submit(body, Transaction.ITI_57, XDS.Interactions.ITI_57);
    }

    private RegistryResponseType submit(SubmitObjectsRequest body, Transaction transaction, ValidationProfile profile) {
        Caller caller = caller();
        Audit audit = new Audit(caller, transaction);
        Response response;
        try {
            // fr-dmp: the CI-SIS Archived/Deleted statuses are taken out before IPF reads the request, put back after;
            // a status neither IHE nor (fr-dmp) CI-SIS is refused here with a precise XDSMetadataUpdateError
            CiSisStatusSlots.Extracted ciSis = transaction == Transaction.ITI_57
                    ? CiSisStatusSlots.extract(body, frenchRules != null) : CiSisStatusSlots.Extracted.NONE;
            RegisterDocumentSet set = transformThenValidate(
                    () -> registerTransformer.fromEbXML(new EbXMLSubmitObjectsRequest30(body)),
                    () -> validator.validateSubmitObjects(body, profile));
            ciSis.applyTo(set);
            audit.patient(set.getSubmissionSet() == null ? null : set.getSubmissionSet().getPatientId());
            audit.documents(set.getDocumentEntries());
            bindPatient(caller, audit.patient, audit);
            if (frenchRules != null) {
                failIfAny(frenchRules.check(set.getSubmissionSet(), set.getDocumentEntries(), set.getFolders()));
            }
            accessPolicy.checkSubmission(caller, transaction, set);
            response = transaction == Transaction.ITI_57 ? backend.update(set) : backend.register(set);
        } catch (SoapFault fault) {
            throw fault;
        } catch (Exception e) {
            response = new Response(Status.FAILURE);
            response.getErrors().addAll(errorsOf(e, audit, ErrorCode.REGISTRY_ERROR));
        }
        audit.done(response.getStatus(), response.getErrors());
        return responseTransformer.toEbXML(response).getInternal();
    }

    // ---------------------------------------------------------------- ITI-18

    public AdhocQueryResponse query(AdhocQueryRequest body) {
        Caller caller = caller();
        Audit audit = new Audit(caller, Transaction.ITI_18);
        audit.patientText(queryPatient(body));
        StoredQueryResponse response;
        try {
            bindPatient(caller, audit.patient, audit);
            validator.validateQuery(body);
            QueryRegistry query = queryTransformer.fromEbXML(new EbXMLAdhocQueryRequest30(body));
            if (frenchRules != null && query.getQuery() instanceof PatientIdBasedStoredQuery byPatient) {
                List<ErrorInfo> errors = new ArrayList<>();
                frenchRules.patientIdIsIns(query.getQuery().getType() + " patient id parameter", byPatient.getPatientId(), errors);
                failIfAny(errors);
            }
            long t0 = System.nanoTime();
            // DocumentEntries stay in their stored ebRIM form from the store to the wire (no IPF round trip)
            StoredQueryResponse found = backend.queryStored(query);
            long t1 = System.nanoTime();
            response = QueryAccessFilter.filter(accessPolicy, caller, found);
            if (LOG.isDebugEnabled()) {
                LOG.debug("ITI-18 {} timings (ms): store {}, access filter {}", query.getQuery().getType(),
                        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            }
            audit.documentIds = response.documentEntries().stream().map(StoredDocumentEntry::uniqueId).toList();
        } catch (SoapFault fault) {
            throw fault;
        } catch (Exception e) {
            response = StoredQueryResponse.failure(errorsOf(e, audit, ErrorCode.REGISTRY_ERROR));
        }
        audit.done(response.status(), response.errors());
        return response.toEbXML(queryResponseTransformer);
    }

    private static String queryPatient(AdhocQueryRequest body) {
        if (body == null || body.getAdhocQuery() == null) return null;
        for (SlotType1 slot : body.getAdhocQuery().getSlot()) {
            if (slot.getName() != null && slot.getName().endsWith("PatientId") && slot.getValueList() != null
                    && !slot.getValueList().getValue().isEmpty()) {
                return slot.getValueList().getValue().get(0).replace("'", "");
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- ITI-43

    public RetrieveDocumentSetResponseType retrieve(RetrieveDocumentSetRequestType body) {
        Caller caller = caller();
        Audit audit = new Audit(caller, Transaction.ITI_43);
        RetrievedDocumentSet result;
        try {
            validator.validateRetrieve(body);
            RetrieveDocumentSet request = retrieveTransformer.fromEbXML(new EbXMLNonconstructiveDocumentSetRequest30<>(body));
            List<ErrorInfo> errors = new ArrayList<>();
            Map<String, DocumentEntry> entries = new HashMap<>();
            RetrieveDocumentSet forwarded = new RetrieveDocumentSet();
            String repositoryId = backend.repositoryUniqueId();
            for (DocumentReference ref : request.getDocuments()) {
                String uid = ref.getDocumentUniqueId();
                if (!repositoryId.equals(ref.getRepositoryUniqueId())) {
                    errors.add(GatewayFailure.UNKNOWN_REPOSITORY.error(uid, ref.getRepositoryUniqueId(), repositoryId));
                    continue;
                }
                if (accessPolicy == AccessPolicy.ALLOW_ALL && patientBinding == PatientBinding.NONE
                        && auditor == TransactionAuditor.NONE) {
                    // nothing to decide or record from the metadata: the store reports unknown documents itself
                    // and answers with the registered mimeType
                    forwarded.getDocuments().add(ref);
                    continue;
                }
                Optional<DocumentEntry> entry = backend.findDocumentEntryByUniqueId(uid);
                if (entry.isEmpty()) {
                    errors.add(GatewayFailure.UNKNOWN_DOCUMENT.error(uid, uid, repositoryId));
                    continue;
                }
                if (audit.patient == null) audit.patient(entry.get().getPatientId());
                Audit one = new Audit(caller, Transaction.ITI_43);
                one.patient(entry.get().getPatientId());
                bindPatient(caller, one.patient, audit);
                try {
                    accessPolicy.checkRetrieve(caller, entry.get());
                } catch (AccessDenied denied) {
                    errors.add(accessError(denied, uid));
                    audit.refused = true;
                    continue;
                }
                entries.put(uid, entry.get());
                forwarded.getDocuments().add(ref);
            }
            List<RetrievedDocument> documents = new ArrayList<>();
            if (!forwarded.getDocuments().isEmpty()) {
                RetrievedDocumentSet got = backend.retrieve(forwarded);
                for (RetrievedDocument d : got.getDocuments()) {
                    DocumentEntry entry = entries.get(d.getRequestData().getDocumentUniqueId());
                    if (entry != null && entry.getMimeType() != null) d.setMimeType(entry.getMimeType());
                    documents.add(d);
                }
                errors.addAll(got.getErrors());
            }
            Status status = documents.isEmpty() ? Status.FAILURE
                    : errors.isEmpty() ? Status.SUCCESS : Status.PARTIAL_SUCCESS;
            result = new RetrievedDocumentSet(status, documents);
            result.getErrors().addAll(errors);
            audit.documentIds = documents.stream().map(d -> d.getRequestData().getDocumentUniqueId()).toList();
        } catch (SoapFault fault) {
            throw fault;
        } catch (Exception e) {
            result = new RetrievedDocumentSet(Status.FAILURE);
            result.getErrors().addAll(errorsOf(e, audit, ErrorCode.REPOSITORY_ERROR));
        }
        audit.done(result.getStatus(), result.getErrors());
        return retrieveResponseTransformer.toEbXML(result).getInternal();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Transforms first, so that the model keeps the request's own forms, then validates (which may normalise the
     * wire objects). A request IPF cannot even transform is validated to find the precise reason.
     */
    private static <T> T transformThenValidate(Supplier<T> transform, Runnable validate) {
        T model;
        try {
            model = transform.get();
        } catch (RuntimeException e) {
            validate.run();
            throw GatewayFailure.METADATA_MALFORMED.exception(null, e.toString());
        }
        validate.run();
        return model;
    }

    /** The VIHF patient binding; a mismatch is audited REFUSED and answered with a SOAP Fault. */
    private void bindPatient(Caller caller, String patient, Audit audit) {
        try {
            patientBinding.check(caller, patient);
        } catch (AuthenticationFailure e) {
            audit.refused = true;
            audit.done(Status.FAILURE, List.of(new ErrorInfo(ErrorCode.REGISTRY_ERROR,
                    e.faultCode().getLocalPart() + ": " + e.getMessage(), Severity.ERROR, null, null)));
            LOG.warn("{} refused: {} ({})", audit.transaction.id(), e.getMessage(), e.faultCode());
            throw SoapFaults.sender(e.faultCode(), e.getMessage());
        }
    }

    private static void failIfAny(List<ErrorInfo> errors) {
        if (!errors.isEmpty()) throw new GatewayException(errors);
    }

    private List<ErrorInfo> errorsOf(Exception e, Audit audit, ErrorCode internal) {
        if (e instanceof GatewayException g) return g.errors();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RequestLimitInterceptor.RequestTooLargeException tooLarge) {
                audit.done(Status.FAILURE, List.of(new ErrorInfo(internal, tooLarge.getMessage(), Severity.ERROR, null, null)));
                throw SoapFaults.sender(GatewayFailure.REQUEST_TOO_LARGE.soapSubcode(), tooLarge.getMessage());
            }
        }
        if (e instanceof AccessDenied denied) {
            audit.refused = true;
            LOG.info("{} refused by access rule {}: {}", audit.transaction.id(), denied.ruleId(), denied.getMessage());
            return List.of(accessError(denied, null));
        }
        LOG.error("{} failed unexpectedly; nothing was stored", audit.transaction.id(), e);
        ErrorInfo error = GatewayFailure.INTERNAL_ERROR.error(null, e.getClass().getSimpleName());
        error.setErrorCode(internal);
        return List.of(error);
    }

    /**
     * An access refusal as a RegistryError: the error code the refusal names (XDSUnknownPatientId for a closed
     * record, XDSDocumentUniqueIdError for a deleted document…), XDSRegistryError otherwise; codeContext "R-xx: …".
     */
    static ErrorInfo accessError(AccessDenied denied, String location) {
        ErrorInfo error = GatewayFailure.ACCESS_DENIED.error(location, denied.getMessage());
        ErrorCode code = denied.errorCode() == null ? null : ErrorCode.valueOfOpcode(denied.errorCode());
        if (code != null) error.setErrorCode(code);
        return error;
    }

    private static RegisterDocumentSet asRegisterDocumentSet(ProvideAndRegisterDocumentSet pnr, List<DocumentEntry> entries) {
        RegisterDocumentSet set = new RegisterDocumentSet();
        set.setSubmissionSet(pnr.getSubmissionSet());
        set.getDocumentEntries().addAll(entries);
        set.getFolders().addAll(pnr.getFolders());
        set.getAssociations().addAll(pnr.getAssociations());
        return set;
    }

    static Caller caller() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Caller caller = message == null ? null : message.getExchange().get(Caller.class);
        return caller == null ? Caller.anonymous() : caller;
    }

    /** Collects what one transaction's audit event says. */
    private final class Audit {
        final Caller caller;
        final Transaction transaction;
        String patient;
        List<String> documentIds = List.of();
        boolean refused;

        Audit(Caller caller, Transaction transaction) {
            this.caller = caller;
            this.transaction = transaction;
        }

        void patient(Identifiable pid) {
            if (pid != null) patient = pid.getId() + "^^^&" + (pid.getAssigningAuthority() == null ? ""
                    : pid.getAssigningAuthority().getUniversalId() + "&ISO");
        }

        void patientText(String pid) { patient = pid; }

        void documents(List<DocumentEntry> entries) {
            documentIds = entries.stream().map(DocumentEntry::getUniqueId).toList();
        }

        void done(Status status, List<ErrorInfo> errors) {
            Outcome outcome = refused && status == Status.FAILURE ? Outcome.REFUSED
                    : status == Status.SUCCESS ? Outcome.SUCCESS
                    : status == Status.PARTIAL_SUCCESS ? Outcome.PARTIAL_SUCCESS : Outcome.FAILURE;
            String detail = errors.isEmpty() ? null : errors.stream()
                    .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).reduce((a, b) -> a + "; " + b).orElse(null);
            try {
                auditor.record(caller, transaction, patient, documentIds, outcome, detail);
            } catch (RuntimeException e) {
                LOG.error("audit of {} failed", transaction.id(), e);
            }
            if (outcome != Outcome.SUCCESS) LOG.info("{} {}: {}", transaction.id(), outcome, detail);
        }
    }
}
