package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.certs.SamplePki;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.RunConfig;

/** The runner over mutual TLS (sample PKI), and a TLS failure reported with the test and step it broke. */
class MutualTlsRunTest {

    @Test
    void queryOverMutualTlsAndAnUntrustedServerIsATlsFailure(@TempDir Path tmp) throws Exception {
        SamplePki pki = SharedPki.get();
        Path kit = tmp.resolve("kit");
        Path section = Files.createDirectories(kit.resolve("tests/TLS/query"));
        Files.writeString(kit.resolve("tests/TLS/index.idx"), "query\n");
        Files.writeString(section.resolve("query.xml"), "<query:AdhocQueryRequest xmlns:query='urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0'"
                + " xmlns:rim='urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0'><query:ResponseOption returnType='LeafClass'/>"
                + "<rim:AdhocQuery id='urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d'><rim:Slot name='$XDSDocumentEntryPatientId'>"
                + "<rim:ValueList><rim:Value>'$patientid$'</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery></query:AdhocQueryRequest>");
        Files.writeString(section.resolve("testplan.xml"), "<TestPlan><TestStep id='find'><ExpectedStatus>Success</ExpectedStatus>"
                + "<StoredQueryTransaction><XDSb/><MetadataFile>query.xml</MetadataFile><ExpectedContents><None/></ExpectedContents>"
                + "</StoredQueryTransaction></TestStep></TestPlan>");

        KeyStore trust = pki.server().load(pki.password());
        KeyStore roots = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.trustStore())) {
            roots.load(in, pki.password().toCharArray());
        }
        SSLContext serverTls = context(trust, pki.password(), roots);
        List<String> clientSubjects = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                var p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/xds/iti18", ex -> {
            ex.getRequestBody().readAllBytes();
            var peer = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            clientSubjects.add(((X509Certificate) peer[0]).getSubjectX500Principal().getName());
            byte[] b = ("<soap:Envelope xmlns:soap='http://www.w3.org/2003/05/soap-envelope'><soap:Body>"
                    + "<query:AdhocQueryResponse xmlns:query='urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0' "
                    + "status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success'>"
                    + "<rim:RegistryObjectList xmlns:rim='urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0'/></query:AdhocQueryResponse>"
                    + "</soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/soap+xml");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
        try {
            String url = "https://localhost:" + server.getAddress().getPort();
            SamplePki.KeyMaterial client = pki.establishments().get(0).authCli();
            SSLContext clientTls = context(client.load(pki.password()), pki.password(), roots);
            RunResult ok = new ConformanceRunner(config(kit, url, clientTls), null).run();
            assertTrue(ok.tests().get(0).passed(), String.valueOf(ok.tests().get(0).firstFailure()));
            assertEquals(1, clientSubjects.size(), "the server saw the client certificate");
            assertEquals(client.certificate().getSubjectX500Principal().getName(), clientSubjects.get(0));

            SSLContext noTrust = SSLContext.getInstance("TLS");
            noTrust.init(null, null, null); // JDK default trust: the demo root is not in it
            RunResult ko = new ConformanceRunner(config(kit, url, noTrust), null).run();
            StepResult f = ko.tests().get(0).firstFailure();
            assertEquals(ConformanceFailure.TLS_FAILURE, f.failure(), f.reason());
            assertEquals("TLS", f.test());
            assertEquals("find", f.step());
            assertTrue(f.reason().contains("TLS handshake with " + url), f.reason());
        } finally {
            server.stop(0);
        }
    }

    private static RunConfig config(Path kit, String url, SSLContext tls) {
        return new RunConfig(kit, url, List.of(), RunConfig.DEFAULT_ASSIGNING_AUTHORITY, RunConfig.DEFAULT_SOURCE_ID,
                "1.2.3", null, -1, tls, Duration.ofSeconds(20), null);
    }

    private static SSLContext context(KeyStore keys, String password, KeyStore trust) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
