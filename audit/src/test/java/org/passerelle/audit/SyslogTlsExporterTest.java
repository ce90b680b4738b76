package org.passerelle.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.certs.SamplePki;
import org.passerelle.testsupport.TestDatabase;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** RFC 5425 syslog over mutual TLS to a local audit record repository built on the sample PKI. */
class SyslogTlsExporterTest {

    @Test
    void R60_storedEventsAreExportedAsRfc5424OverMutualTls(@TempDir Path dir) throws Exception {
        SamplePki pki = SamplePki.generate(dir.resolve("pki"), true);
        char[] pw = SamplePki.PASSWORD.toCharArray();
        SSLContext serverCtx = SyslogTlsExporter.sslContext(pki.server().keyStore(), pw, pki.trustStore(), pw);
        SSLContext clientCtx = SyslogTlsExporter.sslContext(pki.establishment(1).authCli().keyStore(), pw, pki.trustStore(), pw);
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(true);
            Thread repo = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                    assertNotNull(s.getSession().getPeerCertificates()[0], "the exporter authenticates with its client certificate");
                    while (true) {
                        received.add(readFrame(in));
                        two.countDown();
                    }
                } catch (IOException | AssertionError ignored) {
                    // connection closed
                }
            }, "test-syslog-repository");
            repo.setDaemon(true);
            repo.start();

            try (TestDatabase db = TestDatabase.h2();
                 AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("node-a"));
                 SyslogTlsExporter exporter = new SyslogTlsExporter(new SyslogTlsExporter.Settings("localhost",
                         server.getLocalPort(), clientCtx, "passerelle-gateway", "gw1"))) {
                trail.addListener(exporter);
                trail.record(AuditTrailTest.event(1, "ITI-43", AuditEvent.Outcome.REFUSED, "81009", null, AuditTrailTest.PID, "R-11", "1.2.250.77"));
                trail.record(AuditTrailTest.event(2, "ITI-18", AuditEvent.Outcome.SUCCESS, "81009", "bris_de_glace", AuditTrailTest.PID, "R-30"));
                trail.flush();
                assertTrue(two.await(20, TimeUnit.SECONDS), "the repository received " + received.size() + " message(s)");
                // the exporter counts a message once its send() has returned, which may be just after the
                // repository read it: wait for its count rather than read it at once
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (exporter.sentCount() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
                assertEquals(2, exporter.sentCount());
                assertEquals(0, exporter.failedCount());
            }
        }
        String first = received.get(0);
        assertTrue(first.startsWith("<"), first);                         // RFC 5424 PRI
        assertTrue(first.contains(" gw1 passerelle-gateway "), first);     // HOSTNAME APP-NAME
        assertTrue(first.contains("<AuditMessage"), first);
        assertTrue(first.contains("1.2.250.77") && first.contains("R-11"), first);
        assertTrue(received.get(1).contains("bris_de_glace"), received.get(1));
    }

    /** RFC 5425: MSG-LEN SP SYSLOG-MSG. */
    static String readFrame(DataInputStream in) throws IOException {
        int len = 0;
        int c;
        while ((c = in.read()) != ' ') {
            if (c < '0' || c > '9') throw new IOException("not an RFC 5425 frame (byte " + c + ")");
            len = len * 10 + (c - '0');
        }
        byte[] msg = new byte[len];
        in.readFully(msg);
        return new String(msg, StandardCharsets.UTF_8);
    }
}
