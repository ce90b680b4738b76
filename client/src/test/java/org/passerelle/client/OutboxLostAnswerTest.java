package org.passerelle.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.testsupport.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * R-91, client and gateway together: the gateway stored a queued submission but its answer was lost (the DPI
 * crashed before moving the entry to sent/). The entry is sent again, byte-identical; the gateway recognises the
 * re-send and answers Success without storing anything twice. H2 and PostgreSQL.
 */
@DisplayName("R-91 outbox: a delivery whose answer was lost is sent again and stored once")
class OutboxLostAnswerTest {

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void r91LostAnswerResentIsStoredOnce(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        Path queue = dir.resolve("outbox");
        CliRun q = CliRun.of("send", "--queue", queue.toString(), "--source-id", OutboxGatewayTest.SOURCE, "--no-validate",
                ClientTestFiles.example(OutboxGatewayTest.IPS).toString());
        assertEquals(0, q.exitCode(), q.toString());
        try (TestDatabase db = TestDatabase.create(kind); GatewayServer server = GatewayServer.start(OutboxGatewayTest.config(db, 0))) {
            CliRun first = CliRun.of("queue", "run", "--queue", queue.toString(), "--url", server.baseUrl());
            assertEquals(0, first.exitCode(), first.toString());
            Outbox outbox = Outbox.open(queue);
            List<Outbox.Entry> sent = outbox.list(Outbox.State.SENT);
            assertEquals(1, sent.size());
            String uid = OutboxGatewayTest.documentUniqueId(outbox.message(sent.get(0)));

            // the crash: the message is back in pending/ as if the move had not happened
            Files.copy(queue.resolve("sent").resolve(sent.get(0).id() + ".xml"),
                    queue.resolve("pending").resolve(sent.get(0).id() + ".xml"));
            CliRun again = CliRun.of("queue", "run", "--queue", queue.toString(), "--url", server.baseUrl());
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().contains("1 sent, 0 refused, 0 pending"), again.toString());
            assertEquals(1, OutboxGatewayTest.count(db, "reg_document_entry", uid));
            assertEquals(1, OutboxGatewayTest.count(db, "repo_document", uid));
            assertEquals(1, OutboxGatewayTest.count(db, "reg_submission_set", sent.get(0).submissionSetUid()),
                    "the submission set too");
        }
    }
}
