package org.passerelle.gateway.security;

import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.vihf.SecureXml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end ITI-18 throughput of two real gateways in one run: one on plain HTTP without security, one with mutual
 * TLS and VIHF verification (replay cache in its database, patient binding), both on a fresh embedded H2, access
 * rules off in both so that only security differs. Same FindDocuments calls (each carrying a fresh signed VIHF),
 * keep-alive connections. Uses a PKI made by {@code certs-sample generate}.
 * <p>{@code java -cp gateway-all.jar org.passerelle.gateway.security.Iti18SecurityBench --pki DIR}
 */
@Command(name = "iti18-security-bench", mixinStandardHelpOptions = true,
        description = "ITI-18 throughput: plain HTTP without security vs mutual TLS + VIHF, same calls, keep-alive.")
public final class Iti18SecurityBench implements Callable<Integer> {

    @Option(names = "--pki", required = true, description = "folder made by certs-sample generate") Path pki;
    @Option(names = "--requests", defaultValue = "1500", description = "requests per measured round") int requests;
    @Option(names = "--threads", defaultValue = "4", description = "client threads") int threads;

    static final String PATIENT = "180057512345627^^^&1.2.250.1.213.1.4.8&ISO";

    @Override
    public Integer call() throws Exception {
        String pw = "changeit";
        Path plainDir = Files.createTempDirectory("bench-plain-");
        Path secureDir = Files.createTempDirectory("bench-secure-");
        GatewayConfig plainCfg = GatewayConfig.builder().host("127.0.0.1").port(0).dataDir(plainDir)
                .profile(Profile.FR_DMP).insTestOids(true).property("access.enabled", "false").build();
        GatewayConfig secureCfg = GatewayConfig.builder().host("127.0.0.1").port(0).dataDir(secureDir)
                .profile(Profile.FR_DMP).insTestOids(true).security(true)
                .property("access.enabled", "false")
                .property("tls.keystore", pki.resolve("gateway/server.p12").toString())
                .property("tls.keystore.password", pw)
                .property("tls.truststore", pki.resolve("truststore.p12").toString())
                .property("tls.truststore.password", pw)
                .property("tls.crls", pki.resolve("ca/crls.pem").toString())
                .property("security.vihf.intermediates", pki.resolve("ca/intermediate-ca.cert.pem").toString())
                .property("security.vihf.max-lifetime", "3600").build();
        try (GatewayServer plain = GatewayServer.start(plainCfg); GatewayServer secure = GatewayServer.start(secureCfg)) {
            KeyStore sign = MutualTls.loadKeyStore(pki.resolve("etab1/sign.p12"), pw);
            PrivateKey key = (PrivateKey) sign.getKey("sign", pw.toCharArray());
            X509Certificate cert = (X509Certificate) sign.getCertificate("sign");
            String structure = SecurityBenchSupport.ou(cert);
            int total = 2 * (requests + 200);
            System.err.printf("preparing %d ITI-18 requests with single-use VIHFs...%n", total);
            List<byte[]> plainBodies = new ArrayList<>();
            List<byte[]> secureBodies = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                Element a = VihfSigner.sign(VihfBuilder.create().issuer(cert)
                        .user("3" + structure.substring(1) + "/U" + i, "BENCH " + i).structure(structure)
                        .activitySector("SA07").profession("10", "Médecin").specialty("SM26", null).air()
                        .patient(PATIENT + "^NH").lps("BENCH", "1", "TST-1")
                        .validity(Instant.now(), Duration.ofMinutes(50)).build(), key, cert);
                plainBodies.add(request(plain.iti18Url(), a));
                secureBodies.add(request(secure.iti18Url(), a));
            }
            HttpClient plainClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient mtls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(MutualTls.clientContext(pki.resolve("etab1/auth-cli.p12"), pw,
                            pki.resolve("truststore.p12"), pw)).build();
            System.out.println("plain  first response: " + status(send(plainClient, plain.iti18Url(), plainBodies.get(0))));
            System.out.println("secure first response: " + status(send(mtls, secure.iti18Url(), secureBodies.get(0))));
            AtomicInteger pNext = new AtomicInteger(1);
            AtomicInteger sNext = new AtomicInteger(1);
            round(plainClient, plain.iti18Url(), plainBodies, pNext, 199);
            round(mtls, secure.iti18Url(), secureBodies, sNext, 199);
            // alternate short rounds so that both sides see the same background load; report medians
            int rounds = 5;
            double[] ps = new double[rounds];
            double[] ss = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ps[r] = round(plainClient, plain.iti18Url(), plainBodies, pNext, requests / rounds);
                ss[r] = round(mtls, secure.iti18Url(), secureBodies, sNext, requests / rounds);
            }
            System.out.println("plain rounds  (req/s): " + java.util.Arrays.toString(rounded(ps)));
            System.out.println("secure rounds (req/s): " + java.util.Arrays.toString(rounded(ss)));
            double p = median(ps);
            double s = median(ss);
            System.out.printf("ITI-18 plain HTTP, no security : %8.1f req/s (median)%n", p);
            System.out.printf("ITI-18 mutual TLS + VIHF       : %8.1f req/s (median)%n", s);
            System.out.printf("security cost                  : %5.1f %% of throughput (%d threads, keep-alive)%n",
                    100.0 * (1 - s / p), threads);
            return 0;
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private static long[] rounded(double[] v) {
        return java.util.Arrays.stream(v).mapToLong(Math::round).toArray();
    }

    private static String status(HttpResponse<String> r) {
        String b = r.body();
        int i = b.indexOf("ResponseStatusType:");
        return r.statusCode() + " " + (i < 0 ? b.substring(0, Math.min(300, b.length()))
                : b.substring(i, Math.min(b.length(), b.indexOf('"', i))));
    }

    private static HttpResponse<String> send(HttpClient c, String url, byte[] body) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"urn:ihe:iti:2007:RegistryStoredQuery\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
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
                        HttpResponse<String> r = send(client, url, bodies.get(next.getAndIncrement()));
                        if (r.statusCode() != 200) throw new IllegalStateException(url + ": " + status(r));
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

    /** A FindDocuments request (WS-Addressing, ebRS 3.0) with the assertion in wsse:Security. */
    static byte[] request(String to, Element assertion) throws Exception {
        String xml = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><soap:Header>"
                + "<wsa:Action soap:mustUnderstand=\"true\">urn:ihe:iti:2007:RegistryStoredQuery</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsa:To soap:mustUnderstand=\"true\">" + to + "</wsa:To></soap:Header><soap:Body>"
                + "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\""
                + " xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">"
                + "<query:ResponseOption returnComposedObjects=\"true\" returnType=\"LeafClass\"/>"
                + "<rim:AdhocQuery id=\"urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d\">"
                + "<rim:Slot name=\"$XDSDocumentEntryPatientId\"><rim:ValueList><rim:Value>'"
                + PATIENT.replace("&", "&amp;") + "'</rim:Value></rim:ValueList></rim:Slot>"
                + "<rim:Slot name=\"$XDSDocumentEntryStatus\"><rim:ValueList><rim:Value>"
                + "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot>"
                + "</rim:AdhocQuery></query:AdhocQueryRequest></soap:Body></soap:Envelope>";
        Document env = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        WsSecurity.addToHeader(env, assertion);
        return WsSecurity.toBytes(env);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Iti18SecurityBench()).execute(args));
    }
}
