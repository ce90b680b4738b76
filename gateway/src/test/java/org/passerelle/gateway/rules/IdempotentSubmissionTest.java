package org.passerelle.gateway.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.XdsClient;
import org.passerelle.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.passerelle.gateway.rules.RuleGateways.assertRefused;
import static org.passerelle.gateway.rules.RuleGateways.assertSuccess;
import static org.passerelle.gateway.rules.RuleGateways.count;

/**
 * R-91 (gateway side): ITI-41 must be idempotent for a client that re-sends after a lost answer. The same message
 * re-sent (same submission set, same document uniqueId, same content) succeeds without storing anything twice; the
 * same uniqueId with other content is refused with XDSNonIdenticalHash and nothing of it is stored. Real SOAP on
 * localhost, French profile, H2 and PostgreSQL.
 */
@DisplayName("R-91 ITI-41 re-sent: same content = success without duplicate, other content = XDSNonIdenticalHash")
class IdempotentSubmissionTest {
    static final String EXAMPLE = "IPS-FR_2024.01.xml";

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r91SameMessageTwiceIsOneDocument(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = RuleGateways.start(db, Profile.FR_DMP)) {
            XdsClient client = new XdsClient(server);
            ProvideAndRegisterDocumentSet pnr = RuleGateways.french(RuleGateways.example(EXAMPLE));
            DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();
            String setUid = pnr.getSubmissionSet().getUniqueId();
            ProvideAndRegisterDocumentSetRequestType wire = RuleGateways.frenchWire(pnr);

            assertSuccess(client.provideAndRegister(wire));
            // the answer was lost: the client re-sends the very same message
            assertSuccess(client.provideAndRegister(RuleGateways.frenchWire(pnr)));

            DataSource ds = db.dataSource();
            assertEquals(1, count(ds, "reg_document_entry", "unique_id", entry.getUniqueId()), "document entries");
            assertEquals(1, count(ds, "repo_document", "unique_id", entry.getUniqueId()), "stored contents");
            assertEquals(1, count(ds, "reg_submission_set", "unique_id", setUid), "submission sets");
            QueryResponse found = find(client, entry);
            assertEquals(1, found.getDocumentEntries().size(), () -> found.getDocumentEntries().toString());
            assertArrayEquals(Files.readAllBytes(RuleGateways.example(EXAMPLE)), retrieve(client, server, entry.getUniqueId()));
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r91SameUniqueIdOtherContentIsNonIdenticalHash(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = RuleGateways.start(db, Profile.FR_DMP)) {
            XdsClient client = new XdsClient(server);
            ProvideAndRegisterDocumentSet pnr = RuleGateways.french(RuleGateways.example(EXAMPLE));
            DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();
            assertSuccess(client.provideAndRegister(RuleGateways.frenchWire(pnr)));

            // same CDA (same id, so same uniqueId), other bytes
            Path dir = Files.createTempDirectory("r91-");
            Path changed = dir.resolve(EXAMPLE);
            Files.write(changed, (Files.readString(RuleGateways.example(EXAMPLE), StandardCharsets.UTF_8)
                    + "\n<!-- re-sent with other content -->\n").getBytes(StandardCharsets.UTF_8));
            ProvideAndRegisterDocumentSet other = RuleGateways.french(changed);
            assertEquals(entry.getUniqueId(), other.getDocuments().get(0).getDocumentEntry().getUniqueId());

            // in a new submission set
            String newSet = other.getSubmissionSet().getUniqueId();
            assertRefused(client.provideAndRegister(RuleGateways.frenchWire(other)), ErrorCode.NON_IDENTICAL_HASH);
            // and as a re-send of the first submission set
            other.getSubmissionSet().setUniqueId(pnr.getSubmissionSet().getUniqueId());
            Response resent = client.provideAndRegister(RuleGateways.frenchWire(other));
            assertRefused(resent, ErrorCode.NON_IDENTICAL_HASH);

            DataSource ds = db.dataSource();
            assertEquals(1, count(ds, "reg_document_entry", "unique_id", entry.getUniqueId()));
            assertEquals(1, count(ds, "repo_document", "unique_id", entry.getUniqueId()));
            assertEquals(0, count(ds, "reg_submission_set", "unique_id", newSet));
            assertArrayEquals(Files.readAllBytes(RuleGateways.example(EXAMPLE)), retrieve(client, server, entry.getUniqueId()));
        }
    }

    static QueryResponse find(XdsClient client, DocumentEntry entry) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(entry.getPatientId());
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse r = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertSuccess(r);
        return r;
    }

    static byte[] retrieve(XdsClient client, GatewayServer server, String uniqueId) throws Exception {
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), uniqueId, null));
        RetrievedDocumentSet got = client.retrieve(rq);
        assertSuccess(got);
        try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }
}
