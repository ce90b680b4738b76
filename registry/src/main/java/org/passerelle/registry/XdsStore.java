package org.passerelle.registry;

import org.flywaydb.core.Flyway;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The XDS.b Document Registry + Repository store: IPF simple-model requests in, IPF responses out, everything of a
 * submission (metadata and content) committed in one database transaction. Thread-safe and stateless besides its
 * configuration: several instances (nodes) on one database see each other's data immediately.
 */
public final class XdsStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XdsStore.class);

    private final DataSource ds;
    private final RegistryConfig config;
    private final MetadataCodec codec = new MetadataCodec();
    private final RegistryTables tables = new RegistryTables(codec);
    private final ContentStore content;
    private final SubmissionProcessor processor;
    private final PatientRegistry patients;

    private final OrphanContentSweeper sweeper;

    private XdsStore(DataSource ds, RegistryConfig config) {
        this.ds = ds;
        this.config = config;
        this.content = new ContentStore(ds, config.chunkSize());
        JdbcPatientRegistry patientTable = new JdbcPatientRegistry(ds);
        this.processor = new SubmissionProcessor(config, tables, content, patientTable);
        this.patients = new PatientIdNormalizer(patientTable);
        this.sweeper = new OrphanContentSweeper(content, config.orphanContentAge());
    }

    /**
     * Migrates the schema (Flyway, db/migration/registry, history table flyway_history_registry), sweeps orphan staged
     * content older than {@link RegistryConfig#orphanContentAge()} and opens the store, which keeps sweeping in the
     * background until {@link #close()}.
     */
    public static XdsStore open(DataSource ds, RegistryConfig config) {
        Objects.requireNonNull(ds, "dataSource");
        Objects.requireNonNull(config, "config");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/registry").table("flyway_history_registry")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        XdsStore store = new XdsStore(ds, config);
        store.sweeper.start();
        return store;
    }

    /** Stops the background sweep of orphan staged content (the data source is the caller's to close). */
    @Override
    public void close() {
        sweeper.stop();
    }

    /** Sweeps orphan staged content now (normally periodic); returns the number of staged contents deleted. */
    int sweepOrphanContent(java.time.Duration age) throws SQLException {
        return content.sweep(age.toMillis());
    }

    public RegistryConfig config() { return config; }

    public PatientRegistry patients() { return patients; }

    /** ITI-41: repository and registry in one transaction. */
    public Response provideAndRegister(ProvideAndRegisterDocumentSet request) {
        if (request == null) return failure(RegistryFailure.NO_SUBMISSION_SET.toErrorInfo(null));
        return submit("ITI-41", () -> Submission.of(request), false);
    }

    /** ITI-42. */
    public Response register(RegisterDocumentSet request) {
        if (request == null) return failure(RegistryFailure.NO_SUBMISSION_SET.toErrorInfo(null));
        return submit("ITI-42", () -> Submission.of(request), false);
    }

    /** ITI-57: new versions (same logicalID, PreviousVersion checked) and UpdateAvailabilityStatus. */
    public Response update(RegisterDocumentSet request) {
        if (request == null) return failure(RegistryFailure.NO_SUBMISSION_SET.toErrorInfo(null));
        return submit("ITI-57", () -> Submission.of(request), true);
    }

    private interface SubmissionSource {
        Submission get();
    }

    private Response submit(String transaction, SubmissionSource source, boolean update) {
        ContentStore.Staging staging = new ContentStore.Staging();
        try {
            Submission s = source.get();
            Jdbc.inTransaction(ds, c -> {
                if (update) processor.update(c, s);
                else processor.register(c, s, staging);
                return null;
            });
            staging.staged.clear();
            LOG.info("{}: stored submission set {} ({} document entries, {} folders, {} associations)", transaction,
                    s.set() == null ? null : s.set().getUniqueId(), s.entries().size(), s.folders().size(), s.associations().size());
            return new Response(Status.SUCCESS);
        } catch (RegistryException e) {
            LOG.info("{} refused: {}", transaction, e.getMessage());
            return failure(e.errors());
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                LOG.warn("{} refused: concurrent submission of the same identifiers: {}", transaction, e.getMessage());
                return failure(List.of(RegistryFailure.CONCURRENT_CHANGE.toErrorInfo(null, "a uniqueId or entryUUID of the submission")));
            }
            LOG.error("{} failed in the database; rolled back", transaction, e);
            return failure(List.of(RegistryFailure.STORAGE_ERROR.toErrorInfo(null, e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("{} failed; rolled back", transaction, e);
            return failure(List.of(RegistryFailure.STORAGE_ERROR.toErrorInfo(null, e.toString())));
        } finally {
            // content staged by a submission that did not commit: nothing references it
            if (!staging.staged.isEmpty()) content.discard(staging.staged);
        }
    }

    private static Response failure(ErrorInfo error) {
        return failure(List.of(error));
    }

    private static Response failure(List<ErrorInfo> errors) {
        Response r = new Response(Status.FAILURE);
        r.setErrors(new ArrayList<>(errors));
        return r;
    }

    /** ITI-18: all 14 stored queries, LeafClass or ObjectRef. */
    public QueryResponse query(QueryRegistry request) {
        QueryResponse failed = new QueryResponse(Status.FAILURE);
        if (request == null || request.getQuery() == null) {
            failed.setErrors(new ArrayList<>(List.of(RegistryFailure.MISSING_QUERY_PARAMETER.toErrorInfo(null, "ITI-18", "query"))));
            return failed;
        }
        QueryReturnType returnType = request.getReturnType() == null ? QueryReturnType.LEAF_CLASS : request.getReturnType();
        try {
            return Jdbc.read(ds, c -> new QueryEngine(config, codec, c).run(request.getQuery(), returnType));
        } catch (RegistryException e) {
            failed.setErrors(new ArrayList<>(e.errors()));
        } catch (SQLException | RuntimeException e) {
            LOG.error("ITI-18 {} failed", request.getQuery().getType(), e);
            failed.setErrors(new ArrayList<>(List.of(RegistryFailure.STORAGE_ERROR.toErrorInfo(null, e.getMessage()))));
        }
        return failed;
    }

    /**
     * ITI-18 for the wire: the same answer as {@link #query}, its DocumentEntries kept in their stored ebRIM form
     * (no IPF DocumentEntry is built unless asked for): what an endpoint that only filters and forwards needs.
     */
    public StoredQueryResponse queryStored(QueryRegistry request) {
        if (request == null || request.getQuery() == null) {
            return StoredQueryResponse.failure(List.of(RegistryFailure.MISSING_QUERY_PARAMETER.toErrorInfo(null, "ITI-18", "query")));
        }
        QueryReturnType returnType = request.getReturnType() == null ? QueryReturnType.LEAF_CLASS : request.getReturnType();
        try {
            return Jdbc.read(ds, c -> new QueryEngine(config, codec, c).runStored(request.getQuery(), returnType));
        } catch (RegistryException e) {
            return StoredQueryResponse.failure(e.errors());
        } catch (SQLException | RuntimeException e) {
            LOG.error("ITI-18 {} failed", request.getQuery().getType(), e);
            return StoredQueryResponse.failure(List.of(RegistryFailure.STORAGE_ERROR.toErrorInfo(null, e.getMessage())));
        }
    }

    /**
     * ITI-43: each found document comes back with a DataHandler holding its content when it is one chunk (nearly every
     * document: chunks are 512 KB by default), else streaming its chunks lazily from the database; one query per
     * document for its content reference, status and first chunk.
     * Unknown documents or repositories give PartialSuccess (or Failure when nothing is found).
     */
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        List<DocumentReference> refs = request == null || request.getDocuments() == null ? List.of() : request.getDocuments();
        List<ErrorInfo> errors = new ArrayList<>();
        List<RetrievedDocument> found = new ArrayList<>();
        if (refs.isEmpty()) errors.add(RegistryFailure.NOTHING_REQUESTED.toErrorInfo(null));
        try (Connection c = ds.getConnection()) {
            for (DocumentReference ref : refs) {
                if (ref == null) continue;
                String uid = ref.getDocumentUniqueId();
                if (!config.repositoryUniqueId().equals(ref.getRepositoryUniqueId())) {
                    errors.add(RegistryFailure.UNKNOWN_REPOSITORY.toErrorInfo(uid, ref.getRepositoryUniqueId(), config.repositoryUniqueId()));
                    continue;
                }
                Optional<ContentStore.Retrievable> doc = uid == null ? Optional.empty() : content.findForRetrieve(c, uid);
                if (doc.isEmpty()) {
                    errors.add(RegistryFailure.UNKNOWN_DOCUMENT.toErrorInfo(uid, uid, config.repositoryUniqueId()));
                    continue;
                }
                String status = doc.get().entryStatus();
                if (Statuses.DELETED.equals(status)) {
                    errors.add(RegistryFailure.DOCUMENT_DELETED.toErrorInfo(uid, uid, Statuses.shortName(status)));
                    continue;
                }
                found.add(new RetrievedDocument(content.handler(doc.get()), ref, null, null, doc.get().doc().mimeType()));
            }
        } catch (SQLException e) {
            LOG.error("ITI-43 failed in the database", e);
            RetrievedDocumentSet failed = new RetrievedDocumentSet(Status.FAILURE);
            failed.setErrors(new ArrayList<>(List.of(RegistryFailure.STORAGE_ERROR.toErrorInfo(null, e.getMessage()))));
            return failed;
        }
        Status status = errors.isEmpty() ? Status.SUCCESS : found.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
        RetrievedDocumentSet result = new RetrievedDocumentSet(status, found);
        result.setErrors(errors);
        return result;
    }

    /** The latest version of the DocumentEntry with this uniqueId (for access checks before a retrieve). */
    public Optional<DocumentEntry> findDocumentEntryByUniqueId(String uniqueId) {
        if (uniqueId == null) return Optional.empty();
        try {
            return Jdbc.read(ds, c -> {
                List<DocumentEntry> found = new ArrayList<>();
                RegistryTables.select(c, "SELECT entry_uuid, status, metadata FROM reg_document_entry WHERE unique_id = ? "
                        + "ORDER BY version DESC LIMIT 1", List.of(uniqueId), rs -> {
                    DocumentEntry de = codec.readDocumentEntry(rs.getString(3));
                    de.setEntryUuid(rs.getString(1));
                    de.setAvailabilityStatus(Statuses.toIpf(rs.getString(2)));
                    de.setHomeCommunityId(config.homeCommunityId());
                    found.add(de);
                });
                return found.stream().findFirst();
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read DocumentEntry " + uniqueId + ": " + e.getMessage(), e);
        }
    }

    /** The registry status URN of the latest version of a document (including CI-SIS Archived/Deleted), if any. */
    public Optional<String> documentStatus(String uniqueId) {
        try {
            return Jdbc.read(ds, c -> Optional.ofNullable(tables.documentEntriesByUniqueId(c, List.of(uniqueId)).get(uniqueId))
                    .map(ObjectInfo::status));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read DocumentEntry " + uniqueId + ": " + e.getMessage(), e);
        }
    }
}
