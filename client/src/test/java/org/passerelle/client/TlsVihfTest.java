package org.passerelle.client;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.certs.SamplePki;
import org.passerelle.vihf.VerifiedAssertion;
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfVerifier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Mutual TLS with the sample PKI and the VIHF header, against a plain JDK HTTPS server that requires a client
 * certificate, records the request and answers an empty ITI-18 success.
 */
class TlsVihfTest {
    static final String RESPONSE = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>"
            + "<query:AdhocQueryResponse xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\""
            + " xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\""
            + " status=\"urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success\"><rim:RegistryObjectList/>"
            + "</query:AdhocQueryResponse></soap:Body></soap:Envelope>";

    @TempDir
    static Path dir;
    static SamplePki pki;
    static HttpsServer server;
    static final AtomicReference<byte[]> lastRequest = new AtomicReference<>();
    static final AtomicReference<X509Certificate> lastClientCert = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        pki = SamplePki.generate(dir.resolve("pki"), false);
        char[] pwd = SamplePki.PASSWORD.toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.server().load(SamplePki.PASSWORD), pwd);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TlsSettings.load(pki.trustStore(), pwd));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/xds/iti18", exchange -> {
            lastRequest.set(exchange.getRequestBody().readAllBytes());
            lastClientCert.set((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
            byte[] body = RESPONSE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String url() {
        // the sample server certificate names localhost
        return "https://localhost:" + server.getAddress().getPort();
    }

    @Test
    void signedVihfTravelsInWsSecurityOverMutualTls() throws Exception {
        SamplePki.Establishment etab = pki.establishment(1);
        Path vihf = dir.resolve("vihf.xml");
        CliRun signed = CliRun.of("sign-vihf", "--sign-keystore", etab.sign().keyStore().toString(),
                "--sign-password", SamplePki.PASSWORD, "--user-id", "899999999999", "--user-name", "EXEMPLE Marie",
                "--structure", etab.structureId(), "--specialty", "SM26", "--specialty-display", "Médecine générale",
                "--patient", "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH", "--out", vihf.toString());
        assertEquals(0, signed.exitCode(), signed.toString());

        CliRun query = CliRun.of("query", "--url", url(), "--type", "FindDocuments",
                "--patient", "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH",
                "--keystore", etab.authCli().keyStore().toString(), "--keystore-password", SamplePki.PASSWORD,
                "--truststore", pki.trustStore().toString(), "--truststore-password", SamplePki.PASSWORD,
                "--vihf", vihf.toString());
        assertEquals(0, query.exitCode(), query.toString());
        assertTrue(query.out().contains("Success"), query.toString());

        assertEquals(etab.authCli().certificate(), lastClientCert.get(), "the ORG AUTH_CLI certificate was presented");
        String request = new String(lastRequest.get(), StandardCharsets.UTF_8);
        String envelope = request.substring(request.indexOf("<soap:Envelope"), request.indexOf("</soap:Envelope>") + 16);
        VihfVerifier verifier = new VihfVerifier(VihfPolicy.builder(VihfProfile.FR_DMP)
                .trustAnchors(pki.trustAnchors()).intermediates(java.util.List.of(pki.intermediate()))
                .crls(pki.loadCrls()).build());
        VerifiedAssertion verified = verifier.verify(envelope.getBytes(StandardCharsets.UTF_8), lastClientCert.get(),
                "ITI-18", null);
        assertNotNull(verified);
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedByTheServer() {
        SamplePki.Establishment rogue = pki.rogue();
        CliRun query = CliRun.of("query", "--url", url(), "--type", "FindDocuments", "--patient", "1^^^&1.2.3&ISO",
                "--keystore", rogue.authCli().keyStore().toString(), "--keystore-password", SamplePki.PASSWORD,
                "--truststore", pki.trustStore().toString(), "--truststore-password", SamplePki.PASSWORD,
                "--timeout", "10");
        assertEquals(2, query.exitCode(), query.toString());
        assertTrue(query.err().contains("TLS") || query.err().contains("TRANSPORT"), query.toString());
    }

    @Test
    void aServerNotTrustedByTheClientIsATlsError() {
        // no --truststore: the JDK's public CAs do not trust the sample PKI's server certificate
        CliRun query = CliRun.of("query", "--url", url(), "--type", "FindDocuments", "--patient", "1^^^&1.2.3&ISO",
                "--keystore", pki.establishment(1).authCli().keyStore().toString(), "--keystore-password", SamplePki.PASSWORD,
                "--timeout", "10");
        assertEquals(2, query.exitCode(), query.toString());
        assertTrue(query.err().contains("TLS"), query.toString());
    }
}
