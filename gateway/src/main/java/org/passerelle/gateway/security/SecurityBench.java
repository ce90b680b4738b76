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
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.vihf.Saml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What security costs in throughput: the same SOAP 1.2 calls (a VIHF in wsse:Security, a small ITI-18-sized
 * response) against two endpoints of one CXF bus, plain HTTP without security and HTTPS with mutual TLS +
 * {@link VihfRequestAuthenticator}, over keep-alive connections. The endpoint does no store work, so the relative
 * overhead is an upper bound of what it is on the real ITI-18 (whose query work is the same in both cases).
 * Uses a PKI made by {@code certs-sample generate}.
 * <p>{@code java -cp gateway-all.jar org.passerelle.gateway.security.SecurityBench --pki DIR}
 */
@Command(name = "security-bench", mixinStandardHelpOptions = true,
        description = "Throughput of plain HTTP vs mutual TLS + VIHF verification, same calls, keep-alive.")
public final class SecurityBench implements Callable<Integer> {

    @Option(names = "--pki", required = true, description = "folder made by certs-sample generate") Path pki;
    @Option(names = "--requests", defaultValue = "2000", description = "requests per measured round") int requests;
    @Option(names = "--threads", defaultValue = "4", description = "client threads (one keep-alive connection each)") int threads;

    private static final String RESPONSE = "<query:AdhocQueryResponse xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\""
            + " status=\"urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success\"><rim:RegistryObjectList"
            + " xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"/></query:AdhocQueryResponse>";

    @WebServiceProvider(serviceName = "S", portName = "P", targetNamespace = "urn:bench")
    @ServiceMode(Service.Mode.PAYLOAD)
    @BindingType(SOAPBinding.SOAP12HTTP_BINDING)
    public static class Iti18StandIn implements Provider<Source> {
        @Override
        public Source invoke(Source request) {
            return new StreamSource(new StringReader(RESPONSE));
        }
    }

    static final java.util.concurrent.atomic.AtomicLong AUTH_NANOS = new java.util.concurrent.atomic.AtomicLong();
    static final AtomicInteger AUTH_CALLS = new AtomicInteger();

    /** The gateway's security interceptor contract. */
    static final class Interceptor extends AbstractSoapInterceptor {
        private final RequestAuthenticator auth;

        Interceptor(RequestAuthenticator auth) {
            super(Phase.PRE_PROTOCOL);
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
                long t0 = System.nanoTime();
                auth.authenticate(Transaction.ITI_18, header, cert);
                if (auth != RequestAuthenticator.NONE) {
                    AUTH_NANOS.addAndGet(System.nanoTime() - t0);
                    AUTH_CALLS.incrementAndGet();
                }
            } catch (AuthenticationFailure e) {
                SoapFault f = new SoapFault(e.getMessage(), Soap12.getInstance().getSender());
                f.setSubCode(e.faultCode());
                throw f;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        String pw = "changeit";
        int plainPort = freePort();
        int tlsPort = freePort();
        Bus bus = BusFactory.newInstance().createBus();
        try {
            MutualTlsSettings tls = new MutualTlsSettings(pki.resolve("gateway/server.p12"), pw, null,
                    pki.resolve("truststore.p12"), pw, List.of(pki.resolve("ca/crls.pem")), true);
            tls.applyTo(bus.getExtension(JettyHTTPServerEngineFactory.class), "127.0.0.1", tlsPort);
            VihfRequestAuthenticator auth = VihfSecurity.fromProperties(Map.of(
                    "tls.truststore", pki.resolve("truststore.p12").toString(), "tls.truststore.password", pw,
                    "tls.crls", pki.resolve("ca/crls.pem").toString(),
                    "security.vihf.intermediates", pki.resolve("ca/intermediate-ca.cert.pem").toString(),
                    "security.vihf.max-lifetime", "3600"), null);
            publish(bus, "http://127.0.0.1:" + plainPort + "/xds/iti18", RequestAuthenticator.NONE);
            publish(bus, "https://127.0.0.1:" + tlsPort + "/xds/iti18", auth);
            publish(bus, "https://127.0.0.1:" + tlsPort + "/xds/iti18-tls-only", RequestAuthenticator.NONE);

            KeyStore sign = MutualTls.loadKeyStore(pki.resolve("etab1/sign.p12"), pw);
            PrivateKey key = (PrivateKey) sign.getKey("sign", pw.toCharArray());
            X509Certificate signCert = (X509Certificate) sign.getCertificate("sign");
            String structure = ou(signCert);
            int total = requests * 3 + 500;
            System.err.printf("signing %d single-use tokens...%n", total);
            List<byte[]> bodies = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                Element a = VihfSigner.sign(VihfBuilder.create().issuer(signCert).user("3" + structure.substring(1)
                                + "/U" + i, "BENCH " + i).structure(structure).activitySector("SA07")
                        .profession("10", "Médecin").specialty("SM26", null).air()
                        .patient("180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH").lps("BENCH", "1", "TST-1")
                        .validity(java.time.Instant.now(), java.time.Duration.ofMinutes(50)).build(), key, signCert);
                Document env = WsSecurity.envelope(a);
                env.getElementsByTagNameNS(Saml.SOAP12_NS, "Body").item(0).appendChild(env.createElementNS(
                        "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0", "query:AdhocQueryRequest"));
                bodies.add(WsSecurity.toBytes(env));
            }
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient mtls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(MutualTls.clientContext(pki.resolve("etab1/auth-cli.p12"), pw,
                            pki.resolve("truststore.p12"), pw)).build();
            String plainUrl = "http://127.0.0.1:" + plainPort + "/xds/iti18";
            String tlsUrl = "https://127.0.0.1:" + tlsPort + "/xds/iti18";
            AtomicInteger next = new AtomicInteger();
            // warm-up both
            round(plain, plainUrl, bodies, next, 250);
            round(mtls, tlsUrl, bodies, next, 250);
            double p1 = round(plain, plainUrl, bodies, next, requests);
            double s1 = round(mtls, tlsUrl, bodies, next, requests);
            double t1 = round(mtls, tlsUrl + "-tls-only", bodies, new AtomicInteger(0), requests);
            double p2 = round(plain, plainUrl, bodies, new AtomicInteger(0), requests);
            double s2 = s1;
            double bestPlain = Math.max(p1, p2);
            System.out.printf("plain HTTP, no security      : %8.1f req/s%n", bestPlain);
            System.out.printf("mutual TLS only (no VIHF)     : %8.1f req/s%n", t1);
            System.out.printf("mutual TLS + VIHF verification: %8.1f req/s%n", s2);
            System.out.printf("authenticate() mean, in the endpoint: %.3f ms over %d calls%n",
                    AUTH_NANOS.get() / 1e6 / Math.max(1, AUTH_CALLS.get()), AUTH_CALLS.get());
            System.out.printf("security cost                 : %5.1f %% of throughput (%d threads, keep-alive)%n",
                    100.0 * (1 - s2 / bestPlain), threads);
            return 0;
        } finally {
            bus.shutdown(true);
            JettyHTTPServerEngineFactory.destroyForPort(plainPort);
            JettyHTTPServerEngineFactory.destroyForPort(tlsPort);
        }
    }

    private double round(HttpClient client, String url, List<byte[]> bodies, AtomicInteger next, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    while (done.getAndIncrement() < n) {
                        byte[] body = bodies.get(next.getAndIncrement() % bodies.size());
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/soap+xml; charset=UTF-8")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void publish(Bus bus, String url, RequestAuthenticator auth) {
        EndpointImpl ep = new EndpointImpl(bus, new Iti18StandIn());
        ep.getInInterceptors().add(new Interceptor(auth));
        ep.publish(url);
    }

    private static String ou(X509Certificate c) throws Exception {
        for (var rdn : new javax.naming.ldap.LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("OU")) return String.valueOf(rdn.getValue());
        }
        throw new IllegalArgumentException("no OU in " + c.getSubjectX500Principal());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SecurityBench()).execute(args));
    }
}
