package org.passerelle.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * R-91 (client side): {@code send --queue} puts the prepared submissions in a durable outbox and returns; {@code
 * queue run} delivers them. With the gateway stopped they stay pending (transport failure, retried with backoff);
 * once it is started again they are delivered, each document exactly once. A submission the registry refuses goes
 * to {@code failed/} with its error and is not retried.
 * Real gateway over HTTP on localhost, H2 and PostgreSQL.
 */
@DisplayName("R-91 client outbox: queued while the gateway is down, delivered exactly once when it is back, refusals to failed/")
class OutboxGatewayTest {
    static final String SOURCE = "1.2.250.1.999.1.1.7898";
    static final String IPS = "IPS-FR_2024.01.xml";
    static final String CSE = "CSE-MDE_2023.01.xml";

    static GatewayConfig config(TestDatabase db, int port) {
        return GatewayConfig.builder().host("127.0.0.1").port(port).dataSource(db.dataSource())
                .kitDir(SharedFolder.ciSis()).insTestOids(true).build();
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r91QueuedWhileDownDeliveredOnceWhenBack(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        Path queue = dir.resolve("outbox");
        for (String example : List.of(IPS, CSE)) {
            CliRun q = CliRun.of("send", "--queue", queue.toString(), "--source-id", SOURCE, "--no-validate",
                    ClientTestFiles.example(example).toString());
            assertEquals(0, q.exitCode(), q.toString());
            assertTrue(q.out().contains("queued "), q.toString());
        }
        assertEquals(2, Outbox.open(queue).list(Outbox.State.PENDING).size());

        try (TestDatabase db = TestDatabase.create(kind)) {
            int port;
            try (GatewayServer first = GatewayServer.start(config(db, 0))) {
                port = URI.create(first.baseUrl()).getPort();
            }
            String url = "http://127.0.0.1:" + port;

            // the gateway is stopped: nothing delivered, both still pending with their transport error
            CliRun down = CliRun.of("queue", "run", "--queue", queue.toString(), "--url", url, "--initial-delay", "0");
            assertEquals(3, down.exitCode(), down.toString());
            List<Outbox.Entry> pending = Outbox.open(queue).list(Outbox.State.PENDING);   // a new instance: on disk
            assertEquals(2, pending.size());
            for (Outbox.Entry e : pending) {
                assertEquals(1, e.attempts());
                assertTrue(e.lastResult().startsWith("TRANSPORT"), e.lastResult());
            }

            try (GatewayServer server = GatewayServer.start(config(db, port))) {
                CliRun up = CliRun.of("queue", "run", "--queue", queue.toString(), "--url", url);
                assertEquals(0, up.exitCode(), up.toString());
                assertTrue(up.out().contains("2 sent, 0 refused, 0 pending"), up.toString());
                Outbox outbox = Outbox.open(queue);
                assertEquals(0, outbox.list(Outbox.State.PENDING).size());
                List<Outbox.Entry> sent = outbox.list(Outbox.State.SENT);
                assertEquals(2, sent.size());
                assertEquals(2, sent.get(0).attempts());

                String ipsUid = uniqueIdOf(outbox, sent, IPS);
                assertEquals(1, count(db, "reg_document_entry", ipsUid));
                assertEquals(1, count(db, "repo_document", ipsUid));

                // the same CDA queued again in a new submission set is refused: failed/, with its error, not retried
                CliRun dup = CliRun.of("send", "--queue", queue.toString(), "--source-id", SOURCE, "--no-validate",
                        ClientTestFiles.example(IPS).toString());
                assertEquals(0, dup.exitCode(), dup.toString());
                CliRun refused = CliRun.of("queue", "run", "--queue", queue.toString(), "--url", url);
                assertEquals(1, refused.exitCode(), refused.toString());
                List<Outbox.Entry> failed = Outbox.open(queue).list(Outbox.State.FAILED);
                assertEquals(1, failed.size());
                assertTrue(failed.get(0).lastResult().contains("XDSDuplicateUniqueIdInRegistry"), failed.get(0).lastResult());
                assertTrue(Files.exists(queue.resolve("failed").resolve(failed.get(0).id() + ".xml")));
                assertEquals(0, Outbox.open(queue).list(Outbox.State.PENDING).size());
                CliRun list = CliRun.of("queue", "list", "--queue", queue.toString());
                assertTrue(list.out().contains("failed: 1") && list.out().contains("XDSDuplicateUniqueIdInRegistry"), list.toString());
                assertEquals(1, count(db, "reg_document_entry", ipsUid));
            }
        }
    }

    static String uniqueIdOf(Outbox outbox, List<Outbox.Entry> entries, String example) throws Exception {
        String expected = new SubmissionPreparer(null).prepare(List.of(ClientTestFiles.example(example)),
                org.passerelle.cda.metadata.SubmissionOptions.of(SOURCE)).getDocuments().get(0).getDocumentEntry().getUniqueId();
        for (Outbox.Entry e : entries) {
            if (documentUniqueId(outbox.message(e)).equals(expected)) return expected;
        }
        throw new AssertionError(example + " not among " + entries);
    }

    static String documentUniqueId(org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType m) {
        var ebXml = new org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLProvideAndRegisterDocumentSetRequest30(m);
        return ebXml.getExtrinsicObjects().get(0).getExternalIdentifierValue(
                org.openehealth.ipf.commons.ihe.xds.core.metadata.Vocabulary.DOC_ENTRY_UNIQUE_ID_EXTERNAL_ID);
    }

    static int count(TestDatabase db, String table, String uniqueId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE unique_id = ?")) {
            ps.setString(1, uniqueId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
