package org.passerelle.client;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.SubmissionOptions;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * the outbox's retry rules against a stand-in endpoint whose answers the test chooses: HTTP 503 and
 * Receiver faults are retried with a doubling delay (on a test clock), a Sender fault (e.g. a refused VIHF) goes to
 * failed/ at once, the queued message survives a new {@link Outbox} instance byte for byte.
 */
@DisplayName("R-91 outbox retry rules: backoff on 5xx and server faults, no retry on refusals, durable across restarts")
class OutboxTest {
    static final String SOAP = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>"
            + "<soap:Fault><soap:Code><soap:Value>soap:%s</soap:Value></soap:Code>"
            + "<soap:Reason><soap:Text xml:lang=\"en\">%s</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>";

    final AtomicReference<String> answer = new AtomicReference<>("503");
    final AtomicInteger calls = new AtomicInteger();
    HttpServer server;
    XdsClient client;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/xds/iti41", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            String a = answer.get();
            byte[] body;
            if (a.equals("503")) {
                body = "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(503, body.length);
            } else {
                body = String.format(SOAP, a, a.equals("Sender") ? "VIHF refused: FailedAuthentication" : "database unavailable")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=UTF-8");
                exchange.sendResponseHeaders(500, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = XdsClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static ProvideAndRegisterDocumentSet prepared() throws Exception {
        return new SubmissionPreparer(null).prepare(List.of(ClientTestFiles.example("IPS-FR_2024.01.xml")),
                SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
    }

    @Test
    void r91TransientFailuresBackOffAndSurviveARestart(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock();
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), 0);
        Outbox outbox = Outbox.open(dir, clock);
        ProvideAndRegisterDocumentSet request = prepared();
        Outbox.Entry queued = outbox.enqueue(request);
        assertEquals(request.getSubmissionSet().getUniqueId(), queued.submissionSetUid());
        String onDisk = Files.readString(dir.resolve("pending").resolve(queued.id() + ".xml"));

        Outbox.Report r1 = outbox.deliver(client, policy, false);            // HTTP 503
        assertEquals(List.of(queued.id()), r1.retryLater());
        Outbox.Entry e1 = outbox.list(Outbox.State.PENDING).get(0);
        assertEquals(1, e1.attempts());
        assertEquals(clock.now.plusSeconds(10), e1.nextAttempt());
        assertTrue(e1.lastResult().startsWith("TRANSPORT") && e1.lastResult().contains("503"), e1.lastResult());

        // not due yet: nothing sent
        outbox.deliver(client, policy, false);
        assertEquals(1, calls.get());

        // a restart (new instance), due now, the server fails on its side (Receiver fault): retried, delay doubled
        clock.now = clock.now.plusSeconds(10);
        answer.set("Receiver");
        Outbox restarted = Outbox.open(dir, clock);
        assertEquals(List.of(queued.id()), restarted.deliver(client, policy, false).retryLater());
        Outbox.Entry e2 = restarted.list(Outbox.State.PENDING).get(0);
        assertEquals(2, e2.attempts());
        assertEquals(clock.now.plusSeconds(20), e2.nextAttempt());
        assertTrue(e2.lastResult().startsWith("SERVER_FAULT"), e2.lastResult());
        assertEquals(Duration.ofSeconds(30), policy.delayAfter(3), "capped at maxDelay");
        assertEquals(onDisk, Files.readString(dir.resolve("pending").resolve(queued.id() + ".xml")), "the message never changes");

        // the queued message reads back to the same submission
        var back = restarted.message(e2);
        assertEquals(request.getDocuments().size(), back.getDocument().size());
        assertArrayEquals(Files.readAllBytes(ClientTestFiles.example("IPS-FR_2024.01.xml")),
                back.getDocument().get(0).getValue().getInputStream().readAllBytes());
    }

    @Test
    void r91RefusalIsNotRetried(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock();
        Outbox outbox = Outbox.open(dir, clock);
        Outbox.Entry queued = outbox.enqueue(prepared());
        answer.set("Sender");
        Outbox.Report r = outbox.deliver(client, RetryPolicy.defaults(), false);
        assertEquals(List.of(queued.id()), r.failed());
        assertTrue(outbox.list(Outbox.State.PENDING).isEmpty());
        Outbox.Entry failed = outbox.list(Outbox.State.FAILED).get(0);
        assertTrue(failed.lastResult().startsWith("SOAP_FAULT") && failed.lastResult().contains("VIHF refused"), failed.lastResult());
        clock.now = clock.now.plus(Duration.ofDays(1));
        outbox.deliver(client, RetryPolicy.defaults(), true);
        assertEquals(1, calls.get(), "never sent again");

        // once the cause is fixed the operator re-queues it
        outbox.requeue(queued.id());
        Outbox.Entry again = outbox.list(Outbox.State.PENDING).get(0);
        assertEquals(0, again.attempts());
        assertEquals(queued.submissionSetUid(), again.submissionSetUid());
    }

    @Test
    void r91MaxAttemptsMovesToFailed(@TempDir Path dir) throws Exception {
        Outbox outbox = Outbox.open(dir, new TestClock());
        outbox.enqueue(prepared());
        RetryPolicy twice = new RetryPolicy(Duration.ZERO, Duration.ZERO, 2);
        assertEquals(1, outbox.deliver(client, twice, false).retryLater().size());
        assertEquals(1, outbox.deliver(client, twice, false).failed().size());
        assertTrue(outbox.list(Outbox.State.FAILED).get(0).lastResult().startsWith("TRANSPORT"));
    }
}
