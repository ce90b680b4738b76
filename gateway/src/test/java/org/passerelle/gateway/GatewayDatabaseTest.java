package org.passerelle.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.feed.FeedAck;
import org.passerelle.feed.FeedSender;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real SOAP 1.2 / MTOM over HTTP on localhost, through a CXF client, against the registry store on H2 and
 * PostgreSQL: both profiles, the IHE error codes, nothing stored on refusal, two gateways on one database.
 */
class GatewayDatabaseTest {

    static final String EXAMPLE = "IPS-FR_2024.01.xml";

    static GatewayConfig config(TestDatabase db, Profile profile) {
        return GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource()).profile(profile)
                .kitDir(SharedFolder.ciSis()).insTestOids(true).build();
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void frDmpProvideFindRetrieveAndRefusals(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = GatewayServer.start(config(db, Profile.FR_DMP))) {
            XdsClient client = new XdsClient(server);
            ProvideAndRegisterDocumentSet pnr = Submissions.french(EXAMPLE);
            DocumentEntry submitted = pnr.getDocuments().get(0).getDocumentEntry();
            Response ok = client.provideAndRegister(Submissions.frenchWire(pnr));
            assertEquals(Status.SUCCESS, ok.getStatus(), () -> ok.getErrors().toString());

            DocumentEntry stored = findOne(client, submitted.getPatientId());
            assertEquals(submitted.getUniqueId(), stored.getUniqueId());
            byte[] file = Files.readAllBytes(SharedFolder.ciSis().resolve("examples").resolve(EXAMPLE));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file)), stored.getHash().toLowerCase());
            assertEquals(file.length, stored.getSize());

            RetrieveDocumentSet rq = new RetrieveDocumentSet();
            rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), stored.getUniqueId(), null));
            RetrievedDocumentSet got = client.retrieve(rq);
            assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
            assertEquals(stored.getMimeType(), got.getDocuments().get(0).getMimeType());
            try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertArrayEquals(file, in.readAllBytes());
            }

            // the same document (same uniqueId) in a new submission set
            assertRefused(client.provideAndRegister(Submissions.frenchWire(Submissions.french(EXAMPLE))),
                    ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, ErrorCode.NON_IDENTICAL_HASH);

            // metadata naming a document the message does not carry
            ProvideAndRegisterDocumentSetRequestType noDoc = Submissions.frenchWire(Submissions.french("IPS-FR_2024.01.xml"));
            noDoc.getDocument().clear();
            assertRefused(client.provideAndRegister(noDoc), ErrorCode.MISSING_DOCUMENT);

            // a hash that is not the content's
            ProvideAndRegisterDocumentSet badHash = Submissions.french("CSE-MDE_2023.01.xml");
            badHash.getDocuments().get(0).getDocumentEntry().setHash("0123456789012345678901234567890123456789");
            assertRefused(client.provideAndRegister(Submissions.frenchWire(badHash)), ErrorCode.REPOSITORY_METADATA_ERROR);

            // typeCode in the value set but not the CDA's code: header and metadata disagree
            ProvideAndRegisterDocumentSet wrongType = Submissions.french("CSE-MDE_2023.01.xml");
            wrongType.getDocuments().get(0).getDocumentEntry().setTypeCode(Submissions.code("11488-4", "2.16.840.1.113883.6.1"));
            Response mismatch = client.provideAndRegister(Submissions.frenchWire(wrongType));
            assertRefused(mismatch, ErrorCode.REPOSITORY_METADATA_ERROR);
            assertTrue(mismatch.getErrors().get(0).getCodeContext().contains("TYPE_CODE_MISMATCH"),
                    mismatch.getErrors().get(0).getCodeContext());

            // a non-INS patient id is refused by the French rules
            ProvideAndRegisterDocumentSet nist = Submissions.ihe(Submissions.nistPatient(), "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
            Response notIns = client.provideAndRegister(Submissions.iheWire(nist));
            assertRefused(notIns, ErrorCode.REGISTRY_METADATA_ERROR);
            assertTrue(notIns.getErrors().get(0).getCodeContext().contains("is not an INS"), notIns.getErrors().toString());

            // a closed DMP refuses new documents (state set by the administrator)
            var patients = ((RegistryBackend) server.backend()).patients();
            String pid = submitted.getPatientId().getId() + "^^^&" + submitted.getPatientId().getAssigningAuthority().getUniversalId() + "&ISO";
            patients.setState(pid, org.passerelle.registry.PatientRegistry.State.CLOSED, "test");
            ProvideAndRegisterDocumentSet afterClose = Submissions.french(EXAMPLE);
            afterClose.getDocuments().get(0).getDocumentEntry().setUniqueId(org.passerelle.cda.metadata.FrenchSubmission.newOid());
            Response closed = client.provideAndRegister(Submissions.frenchWire(afterClose));
            assertRefused(closed, ErrorCode.UNKNOWN_PATIENT_ID);
            patients.setState(pid, org.passerelle.registry.PatientRegistry.State.ACTIVE, null);

            // nothing of the refused submissions was stored
            assertEquals(1, find(client, submitted.getPatientId()).getDocumentEntries().size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void iheProfileWithNistPatientIds(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             GatewayServer server = GatewayServer.start(config(db, Profile.IHE).toBuilder().mllpPort(0).build())) {
            XdsClient client = new XdsClient(server);
            Identifiable patient = Submissions.nistPatient();
            byte[] content = "NIST-style text document".getBytes(StandardCharsets.UTF_8);

            assertRefused(client.provideAndRegister(Submissions.iheWire(Submissions.ihe(patient, content, "text/plain"))),
                    ErrorCode.UNKNOWN_PATIENT_ID);
            assertEquals(0, find(client, patient).getDocumentEntries().size());

            // the patient is fed over ITI-8 (MLLP), as the NIST tools do
            FeedAck ack = FeedSender.sendA01("127.0.0.1", server.mllpPort(), patient.getId() + "^^^&"
                    + patient.getAssigningAuthority().getUniversalId() + "&ISO", "DOE^John");
            assertTrue(ack.accepted(), ack.toString());
            ProvideAndRegisterDocumentSet pnr = Submissions.ihe(patient, content, "text/plain");
            Response ok = client.provideAndRegister(Submissions.iheWire(pnr));
            assertEquals(Status.SUCCESS, ok.getStatus(), () -> ok.getErrors().toString());

            DocumentEntry stored = findOne(client, patient);
            RetrieveDocumentSet rq = new RetrieveDocumentSet();
            rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), stored.getUniqueId(), null));
            RetrievedDocumentSet got = client.retrieve(rq);
            assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
            assertEquals("text/plain", got.getDocuments().get(0).getMimeType());
            try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void iheRegisterThenUpdateMetadata(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = GatewayServer.start(config(db, Profile.IHE))) {
            XdsClient client = new XdsClient(server);
            Identifiable patient = Submissions.nistPatient();
            ((RegistryBackend) server.backend()).patients().register(patient.getId() + "^^^&"
                    + patient.getAssigningAuthority().getUniversalId() + "&ISO", null);
            byte[] content = "document of an external repository".getBytes(StandardCharsets.UTF_8);
            ProvideAndRegisterDocumentSet pnr = Submissions.ihe(patient, content, "text/plain");
            DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();
            entry.setHash(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)));
            entry.setSize((long) content.length);
            entry.setRepositoryUniqueId("1.2.3.4.5.99");
            RegisterDocumentSet register = new RegisterDocumentSet();
            register.setSubmissionSet(pnr.getSubmissionSet());
            register.getDocumentEntries().add(entry);
            register.getAssociations().addAll(pnr.getAssociations());
            Response registered = client.register(register);
            assertEquals(Status.SUCCESS, registered.getStatus(), () -> registered.getErrors().toString());
            DocumentEntry stored = findOne(client, patient);
            assertEquals("1.2.3.4.5.99", stored.getRepositoryUniqueId());

            // ITI-57: a new version of the metadata (same logicalID, PreviousVersion 1)
            DocumentEntry v2 = stored;
            v2.setLogicalUuid(stored.getLogicalUuid() != null ? stored.getLogicalUuid() : stored.getEntryUuid());
            v2.setEntryUuid("urn:uuid:" + java.util.UUID.randomUUID());
            v2.setTitle(new org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString("updated title"));
            v2.setVersion(null);
            v2.setAvailabilityStatus(null);
            ProvideAndRegisterDocumentSet carrier = Submissions.ihe(patient, content, "text/plain");
            RegisterDocumentSet update = new RegisterDocumentSet();
            update.setSubmissionSet(carrier.getSubmissionSet());
            update.getDocumentEntries().add(v2);
            var hasMember = new org.openehealth.ipf.commons.ihe.xds.core.metadata.Association(
                    org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType.HAS_MEMBER,
                    "urn:uuid:" + java.util.UUID.randomUUID(), carrier.getSubmissionSet().getEntryUuid(), v2.getEntryUuid());
            hasMember.setLabel(org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel.ORIGINAL);
            hasMember.setPreviousVersion("1");
            hasMember.setAssociationPropagation(true);
            update.getAssociations().add(hasMember);
            Response updated = client.update(update);
            assertEquals(Status.SUCCESS, updated.getStatus(), () -> updated.getErrors().toString());
            DocumentEntry current = findOne(client, patient);
            assertEquals("updated title", current.getTitle().getValue());
            assertEquals(v2.getEntryUuid(), current.getEntryUuid());
        }
    }

    @Test
    void configurationDrivenAuditTrailRecordsTheTransactions() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            GatewayConfig config = config(db, Profile.FR_DMP).toBuilder().property("audit.enabled", "true")
                    .property("audit.node", "gateway-test").build();
            ProvideAndRegisterDocumentSet pnr = Submissions.french(EXAMPLE);
            DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();
            java.time.Instant from = java.time.Instant.now().minusSeconds(5);
            try (GatewayServer server = GatewayServer.start(config)) {
                Response ok = new XdsClient(server).provideAndRegister(Submissions.frenchWire(pnr));
                assertEquals(Status.SUCCESS, ok.getStatus(), () -> ok.getErrors().toString());
            } // closing the server flushes the trail
            String pid = entry.getPatientId().getId() + "^^^&" + entry.getPatientId().getAssigningAuthority().getUniversalId() + "&ISO";
            var history = new org.passerelle.audit.AuditReader(db.dataSource()).history(pid, from, java.time.Instant.now().plusSeconds(5));
            assertTrue(history.stream().anyMatch(h -> h.transaction().contains("ITI-41")), history.toString());
        }
    }

    @Test
    void twoGatewaysOnOnePostgresqlServeTheSameData() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
             GatewayServer a = GatewayServer.start(config(db, Profile.FR_DMP));
             GatewayServer b = GatewayServer.start(config(db, Profile.FR_DMP))) {
            ProvideAndRegisterDocumentSet pnr = Submissions.french(EXAMPLE);
            Response ok = new XdsClient(a).provideAndRegister(Submissions.frenchWire(pnr));
            assertEquals(Status.SUCCESS, ok.getStatus(), () -> ok.getErrors().toString());

            XdsClient viaB = new XdsClient(b);
            DocumentEntry stored = findOne(viaB, pnr.getDocuments().get(0).getDocumentEntry().getPatientId());
            RetrieveDocumentSet rq = new RetrieveDocumentSet();
            rq.getDocuments().add(new DocumentReference(b.repositoryUniqueId(), stored.getUniqueId(), null));
            RetrievedDocumentSet got = viaB.retrieve(rq);
            assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
            try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
                assertArrayEquals(Files.readAllBytes(SharedFolder.ciSis().resolve("examples").resolve(EXAMPLE)), in.readAllBytes());
            }
            // and B refuses the duplicate A stored
            assertRefused(viaB.provideAndRegister(Submissions.frenchWire(Submissions.french(EXAMPLE))),
                    ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, ErrorCode.NON_IDENTICAL_HASH);
        }
    }

    static QueryResponse find(XdsClient client, Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse r = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().toString());
        return r;
    }

    static DocumentEntry findOne(XdsClient client, Identifiable patient) {
        QueryResponse r = find(client, patient);
        assertEquals(1, r.getDocumentEntries().size(), () -> r.getDocumentEntries().toString());
        return r.getDocumentEntries().get(0);
    }

    static void assertRefused(Response r, ErrorCode... anyOf) {
        assertEquals(Status.FAILURE, r.getStatus(), () -> "expected a refusal, got " + r.getStatus());
        Set<ErrorCode> expected = Set.of(anyOf);
        assertTrue(r.getErrors().stream().map(ErrorInfo::getErrorCode).anyMatch(expected::contains),
                () -> "expected one of " + expected + ", got " + r.getErrors().stream()
                        .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList());
    }
}
