package org.passerelle.gateway.security;

import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.XuaAssertions;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A {@code wsse:Security} header sent with {@code soap:mustUnderstand="true"} (as WS-Security clients and the IHE XUA
 * tests send it) over real SOAP 1.2 on localhost, gateways started from configuration keys: a valid VIHF (fr-dmp) or
 * XUA (ihe) assertion is processed, never faulted as "not understood"; an invalid one gets its WS-Security fault; with
 * security off the header is accepted and ignored. Another mustUnderstand header nobody processes is still faulted.
 */
class MustUnderstandTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void validVihfWithMustUnderstandIsProcessed() throws Exception {
        SamplePki pki = SharedPki.get();
        try (TestDatabase db = TestDatabase.h2();
             GatewayServer server = GatewayServer.start(secured(pki, db, Profile.FR_DMP).build())) {
            HttpResponse<String> ok = post(server.iti18Url(), Iti18SecurityBench.request(server.iti18Url(), vihf(pki, pki.establishment(1).sign())));
            assertProcessed(ok);
            HttpResponse<String> rogue = post(server.iti18Url(), Iti18SecurityBench.request(server.iti18Url(), vihf(pki, pki.rogue().sign())));
            assertSecurityFault(rogue);
            HttpResponse<String> unknown = post(server.iti18Url(), withUnknownMustUnderstandHeader(
                    Iti18SecurityBench.request(server.iti18Url(), vihf(pki, pki.establishment(1).sign()))));
            assertEquals(500, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("MustUnderstand") && unknown.body().contains("Unknown"), unknown.body());
        }
    }

    @Test
    void validXuaWithMustUnderstandIsProcessed() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.KeyMaterial sign = pki.establishment(1).sign();
        try (TestDatabase db = TestDatabase.h2();
             GatewayServer server = GatewayServer.start(secured(pki, db, Profile.IHE)
                     .property("security.vihf.profile", "ihe")
                     .property("security.vihf.signers", sign.certPem().toString())
                     .property("security.vihf.audience", XuaAssertions.DEFAULT_AUDIENCE).build())) {
            XuaAssertions xua = new XuaAssertions(sign.privateKey(pki.password()), sign.certificate(),
                    "urn:passerelle:test:sts", XuaAssertions.DEFAULT_AUDIENCE);
            assertProcessed(post(server.iti18Url(), Iti18SecurityBench.request(server.iti18Url(),
                    xua.build(XuaAssertions.Variant.VALID, "xua-user", null))));
            XuaAssertions otherAudience = new XuaAssertions(sign.privateKey(pki.password()), sign.certificate(),
                    "urn:passerelle:test:sts", "urn:another:service-provider");
            assertSecurityFault(post(server.iti18Url(), Iti18SecurityBench.request(server.iti18Url(),
                    otherAudience.build(XuaAssertions.Variant.VALID, "xua-user", null))));
        }
    }

    @Test
    void securityOffAcceptsAndIgnoresTheHeader() throws Exception {
        SamplePki pki = SharedPki.get();
        try (TestDatabase db = TestDatabase.h2();
             GatewayServer server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0)
                     .dataSource(db.dataSource()).profile(Profile.FR_DMP).insTestOids(true).build())) {
            // even a signature from an untrusted CA: nothing checks it, and nothing faults the header
            assertProcessed(post(server.iti18Url(), Iti18SecurityBench.request(server.iti18Url(), vihf(pki, pki.rogue().sign()))));
            HttpResponse<String> unknown = post(server.iti18Url(), withUnknownMustUnderstandHeader(
                    Iti18SecurityBench.request(server.iti18Url(), vihf(pki, pki.rogue().sign()))));
            assertTrue(unknown.body().contains("MustUnderstand"), unknown.body());
        }
    }

    static GatewayConfig.Builder secured(SamplePki pki, TestDatabase db, Profile profile) {
        GatewayConfig.Builder b = GatewayConfig.builder().host("127.0.0.1").port(0).profile(profile).insTestOids(true)
                .security(true)
                .property("access.enabled", "false")
                .property("security.vihf.truststore", pki.trustStore().toString())
                .property("security.vihf.truststore.password", pki.password())
                .property("security.vihf.intermediates", pki.intermediateCaCert().toString())
                .property("security.vihf.crls", pki.crls().toString())
                .property("security.vihf.require-tls", "false");
        return db == null ? b : b.dataSource(db.dataSource());
    }

    static Element vihf(SamplePki pki, SamplePki.KeyMaterial sign) throws Exception {
        PrivateKey key = sign.privateKey(pki.password());
        X509Certificate cert = sign.certificate();
        return VihfSigner.sign(VihfBuilder.create().issuer(cert).user("810000000001", "EXEMPLE Marie")
                .structure(pki.establishment(1).structureId()).activitySector("SA07").profession("10", "Médecin")
                .specialty("SM26", null).patient(Iti18SecurityBench.PATIENT + "^NH").lps("TEST", "1", "TST-1")
                .validity(Instant.now(), Duration.ofMinutes(5)).build(), key, cert);
    }

    static byte[] withUnknownMustUnderstandHeader(byte[] envelope) {
        String xml = new String(envelope, StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("</(\\w+:)?Header>").matcher(xml);
        assertTrue(m.find(), xml);
        String soapPrefix = m.group(1) == null ? "" : m.group(1);
        return (xml.substring(0, m.start()) + "<x:Unknown xmlns:x=\"urn:x\" " + soapPrefix + "mustUnderstand=\"true\"/>"
                + xml.substring(m.start())).getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<String> post(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"urn:ihe:iti:2007:RegistryStoredQuery\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProcessed(HttpResponse<String> r) {
        assertFalse(r.body().contains("MustUnderstand"), r.body());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("AdhocQueryResponse"), r.body());
    }

    static void assertSecurityFault(HttpResponse<String> r) {
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.body().contains("Fault"), r.body());
        assertFalse(r.body().contains("MustUnderstand"), r.body());
        assertTrue(r.body().contains("oasis-200401-wss-wssecurity-secext-1.0.xsd"), "a WS-Security fault subcode: " + r.body());
    }
}
