package org.passerelle.vihf;

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
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.net.ssl.SSLContext;
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
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The verifier behind a real CXF/Jetty endpoint over mutual TLS on localhost, wired the way the gateway wires its
 * {@code RequestAuthenticator} (a PRE_PROTOCOL interceptor reading the SOAP Header DOM and the TLS peer certificate).
 * Legitimate requests reach the endpoint; attacks get a SOAP Fault with the WS-Security subcode, or no TLS session at
 * all, and the endpoint stores nothing.
 */
class MutualTlsEndpointTest {

    private static Bus bus;
    private static int port;
    private static String url;
    private static final List<String> STORED = new CopyOnWriteArrayList<>();

    @WebServiceProvider(serviceName = "Store", portName = "StorePort", targetNamespace = "urn:test")
    @ServiceMode(Service.Mode.PAYLOAD)
    @BindingType(SOAPBinding.SOAP12HTTP_BINDING)
    public static class StoreProvider implements Provider<Source> {
        @Override
        public Source invoke(Source request) {
            STORED.add("request");
            return new StreamSource(new StringReader("<ok xmlns=\"urn:test\"/>"));
        }
    }

    /** What the gateway's security interceptor does, with the verifier instead of the RequestAuthenticator. */
    static final class VerifyingInterceptor extends AbstractSoapInterceptor {
        private final VihfVerifier verifier;

        VerifyingInterceptor(VihfVerifier verifier) {
            super(Phase.PRE_PROTOCOL);
            this.verifier = verifier;
        }

        /** wsse:Security comes with mustUnderstand: the security interceptor must declare that it processes it. */
        @Override
        public java.util.Set<QName> getUnderstoodHeaders() {
            return java.util.Set.of(new QName(Saml.WSSE_NS, "Security"));
        }

        @Override
        public void handleMessage(SoapMessage message) {
            Element soapHeader = null;
            for (Header h : message.getHeaders()) {
                if (h.getObject() instanceof Element e && e.getParentNode() instanceof Element parent
                        && "Header".equals(parent.getLocalName())) {
                    soapHeader = parent;
                }
            }
            X509Certificate cert = null;
            TLSSessionInfo tls = message.get(TLSSessionInfo.class);
            if (tls != null && tls.getPeerCertificates() != null && tls.getPeerCertificates().length > 0) {
                cert = (X509Certificate) tls.getPeerCertificates()[0];
            }
            try {
                if (soapHeader == null) throw new VihfException(VihfFailure.NO_SECURITY_HEADER);
                verifier.verify(soapHeader, cert, "ITI-18", TestPki.PATIENT);
            } catch (VihfException e) {
                SoapFault f = new SoapFault(e.getMessage(), Soap12.getInstance().getSender());
                f.setSubCode(e.faultCode());
                throw f;
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SamplePki pki = TestPki.pki();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        bus = BusFactory.newInstance().createBus();
        TLSServerParameters tls = new TLSServerParameters();
        tls.setKeyManagers(MutualTls.keyManagers(pki.server().keyStore(), SamplePki.PASSWORD, null));
        tls.setTrustManagers(MutualTls.trustManagers(pki.trustStore(), SamplePki.PASSWORD, List.of(pki.crls())));
        ClientAuthentication ca = new ClientAuthentication();
        ca.setRequired(true);
        ca.setWant(true);
        tls.setClientAuthentication(ca);
        tls.setIncludeProtocols(MutualTls.PROTOCOLS);
        bus.getExtension(JettyHTTPServerEngineFactory.class).setTLSServerParametersForPort("127.0.0.1", port, tls);
        VihfVerifier verifier = new VihfVerifier(TestPki.dmpPolicy().build());
        url = "https://127.0.0.1:" + port + "/xds/iti18";
        EndpointImpl ep = new EndpointImpl(bus, new StoreProvider());
        ep.getInInterceptors().add(new VerifyingInterceptor(verifier));
        ep.publish(url);
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

    private static HttpClient client(SamplePki.KeyMaterial clientKey) throws Exception {
        SamplePki pki = TestPki.pki();
        SSLContext ctx = MutualTls.clientContext(clientKey == null ? null : clientKey.keyStore(), SamplePki.PASSWORD,
                pki.trustStore(), SamplePki.PASSWORD);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpResponse<String> post(HttpClient client, byte[] envelope) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/soap+xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] request(Element signedAssertion) {
        Document env = WsSecurity.envelope(signedAssertion);
        Element body = (Element) env.getElementsByTagNameNS(Saml.SOAP12_NS, "Body").item(0);
        body.appendChild(env.createElementNS("urn:test", "t:query")).setTextContent("ITI-18 stand-in");
        return WsSecurity.toBytes(env);
    }

    /** The SOAP 1.2 Fault subcode of a response, as a QName. */
    private static QName subcode(HttpResponse<String> response) throws Exception {
        assertEquals(500, response.statusCode(), response.body());
        Document d = SecureXml.parse(response.body().getBytes(StandardCharsets.UTF_8));
        Element sub = (Element) d.getElementsByTagNameNS(Saml.SOAP12_NS, "Subcode").item(0);
        assertNotNull(sub, response.body());
        Element value = (Element) sub.getElementsByTagNameNS(Saml.SOAP12_NS, "Value").item(0);
        String text = value.getTextContent().trim();
        String prefix = text.contains(":") ? text.substring(0, text.indexOf(':')) : null;
        return new QName(value.lookupNamespaceURI(prefix), text.substring(text.indexOf(':') + 1));
    }

    @Test
    void legitimateRequestOverMutualTlsReachesTheEndpoint() throws Exception {
        HttpClient client = client(TestPki.pki().establishment(1).authCli());
        HttpResponse<String> r = post(client, request(TestPki.signed(TestPki.vihf())));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, STORED.size());
        // keep-alive: a second request with a fresh token on the same client
        assertEquals(200, post(client, request(TestPki.signed(TestPki.vihf()))).statusCode());
        assertEquals(2, STORED.size());
    }

    @Test
    void attacksGetTheirFaultAndNothingIsStored() throws Exception {
        HttpClient client = client(TestPki.pki().establishment(1).authCli());

        // XSW: forged assertion beside the signed one
        Document env = WsSecurity.envelope(TestPki.signed(TestPki.vihf()));
        Element security = (Element) env.getElementsByTagNameNS(Saml.WSSE_NS, "Security").item(0);
        Element forged = (Element) security.getFirstChild().cloneNode(true);
        forged.setAttributeNS(null, "ID", "_forged");
        forged.removeChild(forged.getElementsByTagNameNS(Saml.DS_NS, "Signature").item(0));
        forged.getElementsByTagNameNS(Saml.SAML2_NS, "NameID").item(0).setTextContent("3999999999/ADMIN");
        security.insertBefore(forged, security.getFirstChild());
        assertEquals(VihfFailure.Code.INVALID_SECURITY_TOKEN, subcode(post(client, WsSecurity.toBytes(env))));

        // comment truncation in the NameID (digest still valid)
        byte[] wire = request(TestPki.signed(TestPki.vihf()));
        String commented = new String(wire, StandardCharsets.UTF_8).replaceFirst("/IDE-000042", "<!---->/IDE-000042");
        assertEquals(VihfFailure.Code.INVALID_SECURITY_TOKEN,
                subcode(post(client, commented.getBytes(StandardCharsets.UTF_8))));

        // SHA-1
        SamplePki.Establishment e = TestPki.pki().establishment(1);
        Element sha1 = VihfSigner.sign(TestPki.vihf().build(), TestPki.key(e.sign()), TestPki.cert(e.sign()),
                Saml.RSA_SHA1, Saml.SHA1);
        assertEquals(VihfFailure.Code.UNSUPPORTED_ALGORITHM, subcode(post(client, request(sha1))));

        // another patient
        Element other = TestPki.signed(TestPki.vihf().patient(TestPki.OTHER_PATIENT));
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, subcode(post(client, request(other))));

        // unsigned
        assertEquals(VihfFailure.Code.INVALID_SECURITY_TOKEN, subcode(post(client, request(TestPki.vihf().build()))));

        // replay: the first use passes, the second is refused
        byte[] once = request(TestPki.signed(TestPki.vihf()));
        assertEquals(200, post(client, once).statusCode());
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION, subcode(post(client, once)));
        assertEquals(1, STORED.size(), "only the first use of the token was stored");
    }

    @Test
    void vihfOfOneEstablishmentOverTheTlsSessionOfAnother() throws Exception {
        HttpClient client = client(TestPki.pki().establishment(2).authCli());
        assertEquals(VihfFailure.Code.FAILED_AUTHENTICATION,
                subcode(post(client, request(TestPki.signed(TestPki.vihf())))));
        assertTrue(STORED.isEmpty());
    }

    @Test
    void dtdInTheHeaderIsRefused() throws Exception {
        HttpClient client = client(TestPki.pki().establishment(1).authCli());
        String wire = new String(request(TestPki.signed(TestPki.vihf())), StandardCharsets.UTF_8)
                .replaceFirst("<\\?xml[^>]*>", "");
        String xxe = "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>" + wire.replaceFirst("IDE-000042", "&x;");
        HttpResponse<String> r = post(client, xxe.getBytes(StandardCharsets.UTF_8));
        assertNotEquals(200, r.statusCode());
        assertFalse(r.body().contains(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/hostname"))
                ? java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim() : "\u0000"));
        assertTrue(STORED.isEmpty());
    }

    @Test
    void revokedRogueOrMissingClientCertificatesGetNoTlsSession() throws Exception {
        byte[] legit = request(TestPki.signed(TestPki.vihf()));
        for (SamplePki.KeyMaterial km : java.util.Arrays.asList(TestPki.pki().revoked().authCli(),
                TestPki.pki().rogue().authCli(), null)) {
            HttpClient client = client(km);
            assertThrows(IOException.class, () -> post(client, legit), String.valueOf(km));
        }
        assertTrue(STORED.isEmpty());
    }
}
