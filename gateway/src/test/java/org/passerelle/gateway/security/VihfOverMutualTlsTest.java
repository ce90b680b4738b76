package org.passerelle.gateway.security;

import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.vihf.Saml;
import org.passerelle.vihf.SecureXml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfFailure;
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.VihfVerifier;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link MutualTlsSettings} on a real CXF/Jetty HTTPS endpoint and {@link VihfRequestAuthenticator} called the way the
 * gateway's security interceptor calls it: legitimate requests pass with the expected {@link Caller}; representative
 * attacks get their WS-Security fault and nothing reaches the endpoint.
 */
class VihfOverMutualTlsTest {
    private static final String PATIENT = "180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH";

    @TempDir
    static Path tmp;
    static KeytoolPki pki;
    static Bus bus;
    static int port;
    static final List<Caller> STORED = new CopyOnWriteArrayList<>();

    @WebServiceProvider(serviceName = "S", portName = "P", targetNamespace = "urn:test")
    @ServiceMode(Service.Mode.PAYLOAD)
    @BindingType(SOAPBinding.SOAP12HTTP_BINDING)
    public static class Store implements Provider<Source> {
        @Override
        public Source invoke(Source request) {
            org.apache.cxf.message.Message m = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
            STORED.add(m.getExchange().get(Caller.class));
            return new StreamSource(new StringReader("<ok xmlns=\"urn:test\"/>"));
        }
    }

    /** The contract of the gateway's SecurityInterceptor. */
    static final class Interceptor extends AbstractSoapInterceptor {
        private final Transaction tx;
        private final VihfRequestAuthenticator auth;

        Interceptor(Transaction tx, VihfRequestAuthenticator auth) {
            super(Phase.PRE_PROTOCOL);
            this.tx = tx;
            this.auth = auth;
        }

        @Override
        public Set<QName> getUnderstoodHeaders() {
            return VihfRequestAuthenticator.UNDERSTOOD_HEADERS;
        }

        @Override
        public void handleMessage(SoapMessage message) {
            Element header = null;
            for (Header h : message.getHeaders()) {
                if (h.getObject() instanceof Element e && e.getParentNode() instanceof Element p
                        && "Header".equals(p.getLocalName())) header = p;
            }
            X509Certificate cert = null;
            TLSSessionInfo tls = message.get(TLSSessionInfo.class);
            if (tls != null && tls.getPeerCertificates() != null) cert = (X509Certificate) tls.getPeerCertificates()[0];
            try {
                message.getExchange().put(Caller.class, auth.authenticate(tx, header, cert));
            } catch (AuthenticationFailure e) {
                SoapFault f = new SoapFault(e.getMessage(), Soap12.getInstance().getSender());
                f.setSubCode(e.faultCode());
                throw f;
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pki = KeytoolPki.create(tmp);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MutualTlsSettings tls = MutualTlsSettings.fromProperties(Map.of(
                "tls.keystore", pki.server.toString(), "tls.keystore.password", KeytoolPki.PASSWORD,
                "tls.truststore", pki.trustStore.toString(), "tls.truststore.password", KeytoolPki.PASSWORD));
        assertTrue(tls.clientAuthRequired());
        bus = BusFactory.newInstance().createBus();
        tls.applyTo(bus.getExtension(JettyHTTPServerEngineFactory.class), "127.0.0.1", port);
        VihfRequestAuthenticator auth = new VihfRequestAuthenticator(new VihfVerifier(
                VihfPolicy.builder(VihfProfile.FR_DMP).trustedSigners(List.of(KeytoolPki.cert(pki.sign1, "sign")))
                        .trustAnchors(Set.of(new TrustAnchor(KeytoolPki.cert(pki.auth1, "auth-cli"), null),
                                new TrustAnchor(KeytoolPki.cert(pki.auth2, "auth-cli"), null))).build()));
        for (Transaction t : List.of(Transaction.ITI_18, Transaction.ITI_41)) {
            EndpointImpl ep = new EndpointImpl(bus, new Store());
            ep.getInInterceptors().add(new Interceptor(t, auth));
            ep.publish(url(t));
        }
    }

    @AfterAll
    static void stop() {
        if (bus != null) bus.shutdown(true);
        JettyHTTPServerEngineFactory.destroyForPort(port);
    }

    @BeforeEach
    void clear() {
        STORED.clear();
    }

    static String url(Transaction t) {
        return "https://127.0.0.1:" + port + "/xds/" + t.id().replace("-", "").toLowerCase();
    }

    static VihfBuilder vihf() throws Exception {
        return VihfBuilder.create().issuer(KeytoolPki.cert(pki.sign1, "sign"))
                .user("3" + KeytoolPki.STRUCTURE_1 + "/IDE-7", "EXEMPLE Marie, Urgences")
                .structure(KeytoolPki.STRUCTURE_1).activitySector("SA07").profession("10", "Médecin")
                .specialty("SM26", "Qualifié en médecine générale").air().patient(PATIENT)
                .lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    static byte[] request(VihfBuilder b) throws Exception {
        Element a = VihfSigner.sign(b.build(), KeytoolPki.key(pki.sign1, "sign"), KeytoolPki.cert(pki.sign1, "sign"));
        Document env = WsSecurity.envelope(a);
        env.getElementsByTagNameNS(Saml.SOAP12_NS, "Body").item(0)
                .appendChild(env.createElementNS("urn:test", "t:request"));
        return WsSecurity.toBytes(env);
    }

    static HttpClient client(Path keyStore) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(MutualTls.clientContext(
                keyStore, KeytoolPki.PASSWORD, pki.trustStore, KeytoolPki.PASSWORD)).build();
    }

    static HttpResponse<String> post(HttpClient c, Transaction t, byte[] body) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url(t)))
                .header("Content-Type", "application/soap+xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static QName subcode(HttpResponse<String> r) throws Exception {
        assertEquals(500, r.statusCode(), r.body());
        Document d = SecureXml.parse(r.body().getBytes(StandardCharsets.UTF_8));
        Element sub = (Element) d.getElementsByTagNameNS(Saml.SOAP12_NS, "Subcode").item(0);
        Element v = (Element) sub.getElementsByTagNameNS(Saml.SOAP12_NS, "Value").item(0);
        String text = v.getTextContent().trim();
        return new QName(v.lookupNamespaceURI(text.substring(0, text.indexOf(':'))), text.substring(text.indexOf(':') + 1));
    }

    @Test
    void legitimateAirConsultationGivesTheVerifiedCaller() throws Exception {
        HttpResponse<String> r = post(client(pki.auth1), Transaction.ITI_18, request(vihf()));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, STORED.size());
        Caller c = STORED.get(0);
        assertEquals("3" + KeytoolPki.STRUCTURE_1 + "/IDE-7", c.subjectId());
        assertEquals(KeytoolPki.STRUCTURE_1, c.structureId());
        assertEquals("10", c.professionCode());
        assertEquals("SM26", c.specialtyCode());
        assertEquals(List.of("10@1.2.250.1.71.1.2.7", "SM26@1.2.250.1.71.4.2.5"), c.roles());
        assertEquals("INDIRECTE_RENFORCEE", c.authMode());
        assertEquals("normal", c.purposeOfUse());
        assertEquals(PATIENT, c.resourceId());
        assertEquals(KeytoolPki.cert(pki.auth1, "auth-cli"), c.tlsClientCertificate());
        assertEquals(List.of("EXEMPLE-DPI"), c.attributes().get("LPS_Nom"));
        assertFalse(c.isAnonymous());
        VihfRequestAuthenticator.checkPatient(c, "180057512345627^^^&1.2.250.1.213.1.4.8&ISO");
        AuthenticationFailure other = assertThrows(AuthenticationFailure.class,
                () -> VihfRequestAuthenticator.checkPatient(c, "275019912345692^^^&1.2.250.1.213.1.4.8&ISO"));
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, other.faultCode());
        assertTrue(other.getMessage().startsWith("PATIENT_MISMATCH"), other.getMessage());
    }

    @Test
    void representativeAttacksFaultAndNothingIsStored() throws Exception {
        HttpClient c = client(pki.auth1);
        // AIR used to feed
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, subcode(post(c, Transaction.ITI_41, request(vihf()))));
        // signature wrapping: a forged assertion before the signed one
        Document env = SecureXml.parse(request(vihf()));
        Element security = (Element) env.getElementsByTagNameNS(Saml.WSSE_NS, "Security").item(0);
        Element signed = (Element) env.getElementsByTagNameNS(Saml.SAML2_NS, "Assertion").item(0);
        Element forged = (Element) signed.cloneNode(true);
        forged.setAttributeNS(null, "ID", "_forged");
        forged.removeChild(forged.getElementsByTagNameNS(Saml.DS_NS, "Signature").item(0));
        security.insertBefore(forged, signed);
        assertEquals(VihfFailure.Code.INVALID_SECURITY_TOKEN, subcode(post(c, Transaction.ITI_18, WsSecurity.toBytes(env))));
        // content changed after signing
        String tampered = new String(request(vihf()), StandardCharsets.UTF_8).replace("IDE-7", "IDE-8");
        assertEquals(VihfFailure.Code.FAILED_CHECK, subcode(post(c, Transaction.ITI_18,
                tampered.getBytes(StandardCharsets.UTF_8))));
        // replay
        byte[] once = request(vihf());
        assertEquals(200, post(c, Transaction.ITI_18, once).statusCode());
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, subcode(post(c, Transaction.ITI_18, once)));
        // no wsse:Security at all
        String bare = "<soap:Envelope xmlns:soap=\"" + Saml.SOAP12_NS + "\"><soap:Header><x:h xmlns:x=\"urn:x\"/>"
                + "</soap:Header><soap:Body><t:request xmlns:t=\"urn:test\"/></soap:Body></soap:Envelope>";
        assertEquals(VihfFailure.Code.INVALID_SECURITY, subcode(post(c, Transaction.ITI_18,
                bare.getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, STORED.size(), "only the first use of the legitimate token");
    }

    @Test
    void vihfOfEstablishmentOneOverTheTlsSessionOfEstablishmentTwo() throws Exception {
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, subcode(post(client(pki.auth2), Transaction.ITI_18,
                request(vihf()))));
        assertTrue(STORED.isEmpty());
    }

    @Test
    void noClientCertificateNoTlsSession() throws Exception {
        HttpClient anonymous = client(null);
        assertThrows(IOException.class, () -> post(anonymous, Transaction.ITI_18, request(vihf())));
        assertTrue(STORED.isEmpty());
    }

    @Test
    void authenticatorFromProperties() throws Exception {
        java.nio.file.Path signerPem = tmp.resolve("sign1.pem");
        java.nio.file.Files.writeString(signerPem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(KeytoolPki.cert(pki.sign1, "sign").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        VihfRequestAuthenticator auth = VihfSecurity.fromProperties(Map.of("tls.truststore", pki.trustStore.toString(),
                "tls.truststore.password", KeytoolPki.PASSWORD, "security.vihf.signers", signerPem.toString(),
                "security.vihf.max-lifetime", "300", "security.vihf.homologations", "TST-0000000-tmp1"), null);
        assertEquals(java.time.Duration.ofMinutes(5), auth.verifier().policy().maxLifetime());
        Document env = SecureXml.parse(request(vihf()));
        Element header = (Element) env.getElementsByTagNameNS(Saml.SOAP12_NS, "Header").item(0);
        Caller c = auth.authenticate(Transaction.ITI_43, header, KeytoolPki.cert(pki.auth1, "auth-cli"));
        assertEquals(KeytoolPki.STRUCTURE_1, c.structureId());
        AuthenticationFailure replay = assertThrows(AuthenticationFailure.class,
                () -> auth.authenticate(Transaction.ITI_43, header, KeytoolPki.cert(pki.auth1, "auth-cli")));
        assertTrue(replay.getMessage().startsWith("REPLAYED"), replay.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VihfSecurity.policy(Map.of("security.vihf.profile", "saml1"), null));
    }

    @Test
    void settingsFromProperties() {
        assertNull(MutualTlsSettings.fromProperties(Map.of()), "no tls.keystore: plain HTTP");
        MutualTlsSettings s = MutualTlsSettings.fromProperties(Map.of("tls.keystore", "k.p12",
                "tls.keystore.password", "p", "tls.truststore", "t.p12", "tls.crls", "a.pem, b.pem"));
        assertEquals(List.of(Path.of("a.pem"), Path.of("b.pem")), s.crls());
        assertThrows(IllegalArgumentException.class, () -> MutualTlsSettings.fromProperties(Map.of(
                "tls.keystore", "k.p12", "tls.client-auth", "maybe")));
        assertThrows(NullPointerException.class, () -> MutualTlsSettings.fromProperties(Map.of(
                "tls.keystore", "k.p12")), "client auth required needs a trust store");
    }
}
