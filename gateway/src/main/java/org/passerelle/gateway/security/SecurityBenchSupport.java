package org.passerelle.gateway.security;

import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XpnName;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What the security benchmarks share: HTTP clients that keep their connections alive, a counter of the connections
 * and TLS handshakes a server accepts (to prove keep-alive), and the CPU time a round costs, split between the
 * server's threads (Jetty's {@code qtp…} pool) and the client's. On a shared machine CPU per request is the figure
 * to trust; requests per second depend on what else runs.
 */
final class SecurityBenchSupport {
    private SecurityBenchSupport() { }

    static final String SOAP_CONTENT_TYPE =
            "application/soap+xml; charset=UTF-8; action=\"urn:ihe:iti:2007:RegistryStoredQuery\"";
    /** Threads of the bench's own client pool start with this name. */
    static final String CLIENT_THREAD = "bench-client-";

    /** The OU (structure id) of a certificate subject. */
    static String ou(X509Certificate c) throws Exception {
        for (var rdn : new javax.naming.ldap.LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("OU")) return String.valueOf(rdn.getValue());
        }
        throw new IllegalArgumentException("no OU in " + c.getSubjectX500Principal());
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /**
     * A distribution-free confidence interval of the median (order statistics of the binomial sign test): the sorted
     * values at ranks k and n+1-k, k the largest rank with P(Binomial(n, 1/2) < k) <= (1 - level) / 2. Null when n
     * is too small for that level (n < 6 at 95 %).
     */
    static double[] medianInterval(double[] v, double level) {
        int n = v.length;
        double[] c = v.clone();
        Arrays.sort(c);
        double tail = (1 - level) / 2;
        double below = 0; // P(X < k), X ~ Binomial(n, 1/2)
        int k = 0;
        for (int r = 0; r <= n; r++) {
            double next = below + binomialHalf(n, r);
            if (next > tail) break;
            below = next;
            k = r + 1;
        }
        return k < 1 ? null : new double[] {c[k - 1], c[n - k]};
    }

    private static double binomialHalf(int n, int r) {
        double logP = -n * Math.log(2);
        for (int i = 1; i <= r; i++) logP += Math.log(n - r + i) - Math.log(i);
        return Math.exp(logP);
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Posts one SOAP request and reads the whole answer; returns the HTTP status and the body. */
    interface Client {
        Answer post(String url, byte[] body) throws IOException, InterruptedException;

        String name();
    }

    record Answer(int status, String body) { }

    /**
     * {@link HttpURLConnection} / {@link HttpsURLConnection} with one {@link SSLSocketFactory} instance: the JDK's
     * keep-alive cache only hands a cached TLS connection back to a request with the same factory, and only once
     * the previous answer was read to its end (done here).
     */
    static Client urlConnection(SSLContext tlsOrNull) {
        SSLSocketFactory factory = tlsOrNull == null ? null : tlsOrNull.getSocketFactory();
        return new Client() {
            @Override
            public Answer post(String url, byte[] body) throws IOException {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                if (c instanceof HttpsURLConnection https && factory != null) https.setSSLSocketFactory(factory);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", SOAP_CONTENT_TYPE);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                int status = c.getResponseCode();
                try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                    return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public String name() {
                return "HttpURLConnection";
            }
        };
    }

    /** {@code java.net.http.HttpClient}, HTTP/1.1 (its connection pool keeps connections alive). */
    static Client jdkHttpClient(SSLContext tlsOrNull) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tlsOrNull != null) b.sslContext(tlsOrNull);
        HttpClient client = b.build();
        return new Client() {
            @Override
            public Answer post(String url, byte[] body) throws IOException, InterruptedException {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", SOAP_CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            }

            @Override
            public String name() {
                return "java.net.http.HttpClient";
            }
        };
    }

    static Client client(String kind, SSLContext tlsOrNull) {
        return switch (kind) {
            case "url-connection" -> urlConnection(tlsOrNull);
            case "jdk-http-client" -> jdkHttpClient(tlsOrNull);
            default -> throw new IllegalArgumentException("--client must be url-connection or jdk-http-client, got '"
                    + kind + "'");
        };
    }

    /**
     * What a round reads from the server before and after it: the connections it accepted and the TLS handshakes it
     * completed, and, when the server runs in a JVM of its own, that JVM's CPU counters (else null: the server's
     * threads are then counted by this process's {@link Cpu#now()}).
     */
    interface ServerProbe {
        Counters counters() throws IOException;
    }

    record Counters(int connections, int handshakes, Cpu ownJvmCpuOrNull) { }

    /** Counts the connections one CXF/Jetty server port accepts and the TLS handshakes it completes. */
    static final class ServerConnections implements Connection.Listener, SslHandshakeListener, ServerProbe {
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger handshakes = new AtomicInteger();

        /**
         * Listens on the Jetty engine CXF runs on {@code port} (engines are registered per port, process-wide) and
         * keeps its idle threads for the bench's duration.
         */
        static ServerConnections attach(int port) {
            JettyHTTPServerEngine engine = new JettyHTTPServerEngineFactory().retrieveJettyHTTPServerEngine(port);
            if (engine == null || !(engine.getConnector() instanceof AbstractConnector connector)) {
                throw new IllegalStateException("no CXF Jetty engine on port " + port);
            }
            // Jetty ends the threads above its minimum after a minute idle, and an ended thread's CPU time is lost
            // to the count: keep enough threads (the idle timeout cannot change once the pool runs)
            if (engine.getServer().getThreadPool() instanceof QueuedThreadPool pool) {
                pool.setMinThreads(Math.min(pool.getMaxThreads(), Math.max(pool.getMinThreads(), 32)));
            }
            ServerConnections counter = new ServerConnections();
            connector.addEventListener(counter);
            connector.addBean(counter);
            return counter;
        }

        @Override
        public void onOpened(Connection connection) {
            // TLS connections show an SslConnection then the HTTP connection it decrypts for: count the HTTP one
            if (connection.getClass().getSimpleName().equals("HttpConnection")) connections.incrementAndGet();
        }

        @Override
        public void handshakeSucceeded(Event event) {
            handshakes.incrementAndGet();
        }

        int connections() {
            return connections.get();
        }

        int handshakes() {
            return handshakes.get();
        }

        @Override
        public Counters counters() {
            return new Counters(connections(), handshakes(), null);
        }
    }

    /**
     * CPU time of the whole process and of the server's and the client's threads, at one instant; on Linux also of
     * the JVM's own threads, which {@link ThreadMXBean} does not list: the JIT compilers, the garbage collector and
     * the rest (H2's background writer, timers…), from {@code /proc/self/task/}*{@code /schedstat} (zero elsewhere).
     */
    record Cpu(long processNanos, long serverNanos, long clientNanos, long jitNanos, long gcNanos) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final java.nio.file.Path TASKS = java.nio.file.Path.of("/proc/self/task");

        static Cpu now() {
            long server = 0;
            long client = 0;
            Map<Long, String> names = new HashMap<>();
            for (var t : Thread.getAllStackTraces().keySet()) names.put(t.getId(), t.getName());
            for (var e : names.entrySet()) {
                long cpu = THREADS.getThreadCpuTime(e.getKey());
                if (cpu < 0) continue;
                String n = e.getValue();
                if (n.startsWith("qtp")) server += cpu;
                else if (n.startsWith(CLIENT_THREAD) || n.startsWith("HttpClient-")) client += cpu;
            }
            long[] jitGc = jvmThreads();
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(process, server, client, jitGc[0], jitGc[1]);
        }

        /** CPU nanoseconds of the live JIT compiler threads and garbage-collector threads (Linux), else zeros. */
        private static long[] jvmThreads() {
            long jit = 0;
            long gc = 0;
            try (var tasks = java.nio.file.Files.newDirectoryStream(TASKS)) {
                for (java.nio.file.Path task : tasks) {
                    try {
                        String comm = java.nio.file.Files.readString(task.resolve("comm")).trim();
                        boolean isJit = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler");
                        boolean isGc = comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread");
                        if (!isJit && !isGc) continue;
                        String stat = java.nio.file.Files.readString(task.resolve("schedstat")).trim();
                        long ns = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                        if (isJit) jit += ns;
                        else gc += ns;
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                return new long[2];
            }
            return new long[] {jit, gc};
        }

        Cpu minus(Cpu before) {
            return new Cpu(processNanos - before.processNanos, serverNanos - before.serverNanos,
                    clientNanos - before.clientNanos, jitNanos - before.jitNanos, gcNanos - before.gcNanos);
        }

        /** The counters of two processes together (the client's JVM and a server's own JVM). */
        Cpu plus(Cpu other) {
            return new Cpu(processNanos + other.processNanos, serverNanos + other.serverNanos,
                    clientNanos + other.clientNanos, jitNanos + other.jitNanos, gcNanos + other.gcNanos);
        }
    }

    /**
     * One measured round: {@code n} requests by {@code threads} client threads, each request's body taken from
     * {@code bodies}. CPU of threads that ended during the round is lost (the pools keep their threads). {@code cpu}
     * covers the client's JVM and, when the server runs in a JVM of its own, that JVM too, whose counters are also
     * {@code serverJvmOrNull} (null when the server shares the client's JVM).
     */
    record Round(int requests, long wallNanos, Cpu cpu, int connections, int handshakes, Cpu serverJvmOrNull) {
        double perSecond() {
            return requests / (wallNanos / 1e9);
        }

        double processMsPerRequest() {
            return cpu.processNanos() / 1e6 / requests;
        }

        double serverMsPerRequest() {
            return cpu.serverNanos() / 1e6 / requests;
        }

        double clientMsPerRequest() {
            return cpu.clientNanos() / 1e6 / requests;
        }

        double jitMsPerRequest() {
            return cpu.jitNanos() / 1e6 / requests;
        }

        double gcMsPerRequest() {
            return cpu.gcNanos() / 1e6 / requests;
        }

        /** CPU per request of the server's own JVM (all its threads), NaN when it shares the client's JVM. */
        double serverJvmMsPerRequest() {
            return serverJvmOrNull == null ? Double.NaN : serverJvmOrNull.processNanos() / 1e6 / requests;
        }

        /**
         * CPU per request of the server's own JVM without its JIT compilers: what it costs once its code is compiled
         * (a production node runs for days, its compilers settle); NaN when it shares the client's JVM.
         */
        double serverJvmCompiledMsPerRequest() {
            return serverJvmOrNull == null ? Double.NaN
                    : (serverJvmOrNull.processNanos() - serverJvmOrNull.jitNanos()) / 1e6 / requests;
        }

        /** CPU per request of the JIT compilers of the server's own JVM, NaN when it shares the client's JVM. */
        double serverJitMsPerRequest() {
            return serverJvmOrNull == null ? Double.NaN : serverJvmOrNull.jitNanos() / 1e6 / requests;
        }

        static Round run(Client client, String url, IntFunction<byte[]> body, AtomicInteger next, int n, int threads,
                         ServerProbe server) throws Exception {
            return run(client, url, body, next, n, threads, server, null, a -> { });
        }

        /**
         * As {@link #run(Client, String, IntFunction, AtomicInteger, int, int, ServerProbe)}, also writing
         * each request's wall time (nanoseconds, client side) into {@code latenciesOrNull} (length ≥ n) and handing
         * every successful answer to {@code check} (which throws to stop the round).
         */
        static Round run(Client client, String url, IntFunction<byte[]> body, AtomicInteger next, int n, int threads,
                         ServerProbe server, long[] latenciesOrNull, AnswerCheck check) throws Exception {
            AtomicInteger id = new AtomicInteger();
            ThreadFactory names = r -> new Thread(r, CLIENT_THREAD + id.incrementAndGet());
            ExecutorService pool = Executors.newFixedThreadPool(threads, names);
            try {
                // start the threads before measuring
                List<Future<?>> warm = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) warm.add(pool.submit(() -> { }));
                for (Future<?> f : warm) f.get();
                AtomicInteger done = new AtomicInteger();
                List<Future<?>> fs = new java.util.ArrayList<>();
                Counters server0 = server.counters();
                Cpu cpu0 = Cpu.now();
                long t0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        for (int i = done.getAndIncrement(); i < n; i = done.getAndIncrement()) {
                            byte[] b = body.apply(next.getAndIncrement());
                            long s0 = System.nanoTime();
                            Answer a = client.post(url, b);
                            if (latenciesOrNull != null) latenciesOrNull[i] = System.nanoTime() - s0;
                            if (a.status() != 200 || !a.body().contains("ResponseStatusType:Success")) {
                                throw new IllegalStateException(url + " answered " + status(a));
                            }
                            check.accept(a);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
                long wall = System.nanoTime() - t0;
                Cpu cpu = Cpu.now().minus(cpu0);
                Counters server1 = server.counters();
                Cpu serverJvm = null;
                if (server1.ownJvmCpuOrNull() != null) {
                    serverJvm = server1.ownJvmCpuOrNull().minus(server0.ownJvmCpuOrNull());
                    cpu = cpu.plus(serverJvm);
                }
                return new Round(n, wall, cpu, server1.connections() - server0.connections(),
                        server1.handshakes() - server0.handshakes(), serverJvm);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** What a round verifies in each successful answer besides its status. */
    interface AnswerCheck {
        void accept(Answer a) throws Exception;
    }

    /** The {@code q}-quantile (0..1, nearest rank) of {@code nanos}, in milliseconds. */
    static double percentileMs(long[] nanos, double q) {
        long[] c = nanos.clone();
        Arrays.sort(c);
        int rank = (int) Math.ceil(q * c.length);
        return c[Math.max(0, Math.min(c.length - 1, rank - 1))] / 1e6;
    }

    /**
     * A FindDocuments request (WS-Addressing, ebRS 3.0; patient and status Approved, LeafClass) carrying
     * {@code assertion} in wsse:Security.
     */
    static byte[] findDocumentsRequest(String to, String patientCx, org.w3c.dom.Element assertion) throws Exception {
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
                + patientCx.replace("&", "&amp;") + "'</rim:Value></rim:ValueList></rim:Slot>"
                + "<rim:Slot name=\"$XDSDocumentEntryStatus\"><rim:ValueList><rim:Value>"
                + "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot>"
                + "</rim:AdhocQuery></query:AdhocQueryRequest></soap:Body></soap:Envelope>";
        org.w3c.dom.Document env = org.passerelle.vihf.SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        org.passerelle.vihf.WsSecurity.addToHeader(env, assertion);
        return org.passerelle.vihf.WsSecurity.toBytes(env);
    }

    /**
     * The settings of a gateway with mutual TLS on a PKI made by {@code certs-sample generate} (its server key, trust
     * store and CRLs); the VIHF is not verified.
     */
    static org.passerelle.gateway.GatewayConfig.Builder mutualTls(org.passerelle.gateway.GatewayConfig.Builder b,
                                                                  java.nio.file.Path pki, String password) {
        return b.property("tls.keystore", pki.resolve("gateway/server.p12").toString())
                .property("tls.keystore.password", password)
                .property("tls.truststore", pki.resolve("truststore.p12").toString())
                .property("tls.truststore.password", password)
                .property("tls.crls", pki.resolve("ca/crls.pem").toString());
    }

    /** {@link #mutualTls} and VIHF verification (the PKI's intermediate CA, tokens valid up to an hour). */
    static org.passerelle.gateway.GatewayConfig.Builder mutualTlsAndVihf(org.passerelle.gateway.GatewayConfig.Builder b,
                                                                         java.nio.file.Path pki, String password) {
        return mutualTls(b, pki, password).security(true)
                .property("security.vihf.intermediates", pki.resolve("ca/intermediate-ca.cert.pem").toString())
                .property("security.vihf.max-lifetime", "3600");
    }

    /** The VIHF signing key of an establishment of a certs-sample PKI ({@code etabN/sign.p12}) and its structure id. */
    record Signer(java.security.PrivateKey key, X509Certificate certificate, String structure) {
        static Signer of(java.nio.file.Path pki, String establishment, String password) throws Exception {
            java.security.KeyStore sign = org.passerelle.vihf.tls.MutualTls.loadKeyStore(
                    pki.resolve(establishment + "/sign.p12"), password);
            X509Certificate cert = (X509Certificate) sign.getCertificate("sign");
            return new Signer((java.security.PrivateKey) sign.getKey("sign", password.toCharArray()), cert, ou(cert));
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    /** A small approved document (a few hundred bytes of text) for the patient, with French-looking codes. */
    static ProvideAndRegisterDocumentSet documentFor(String patientCx, int n) {
        Identifiable patient = Identifiable.parse(patientCx);
        Author author = new Author();
        author.setAuthorPerson(new Person(new Identifiable("810000000" + n, new AssigningAuthority("1.2.250.1.71.4.2.1")),
                new XpnName("BENCH", "Auteur", null, null, null, null)));
        String oidBase = "1.2.250.1.999.77." + System.currentTimeMillis() + "." + n;
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        set.setUniqueId(oidBase + ".1");
        set.setSourceId("1.2.250.1.999.1.1.7898");
        set.setSubmissionTime(Timestamp.now());
        set.setPatientId(patient);
        set.setContentTypeCode(code("04", "Hospitalisation", "1.2.250.1.213.1.1.4.12"));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        set.getAuthors().add(author);
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        e.setUniqueId(oidBase + ".2");
        e.setPatientId(patient);
        e.setSourcePatientId(new Identifiable("IPP" + n, new AssigningAuthority("1.2.250.1.999.1.1.7898.1")));
        e.setMimeType("text/plain");
        e.setClassCode(code("10", "Compte rendu", "1.2.250.1.213.1.1.4.1"));
        e.setTypeCode(code("11490-0", "Lettre de sortie", "2.16.840.1.113883.6.1"));
        e.setFormatCode(code("urn:ihe:iti:xds-sd:text:2008", "Document à corps non structuré", "1.3.6.1.4.1.19376.1.2.3"));
        e.getConfidentialityCodes().add(code("N", "Normal", "2.16.840.1.113883.5.25"));
        e.setHealthcareFacilityTypeCode(code("SA01", "Etablissement public de santé", "1.2.250.1.71.4.2.4"));
        e.setPracticeSettingCode(code("ETABLISSEMENT", "Etablissement de santé", "1.2.250.1.213.1.1.4.9"));
        e.setLanguageCode("fr-FR");
        e.setCreationTime(Timestamp.now());
        e.setTitle(new LocalizedString("Lettre de sortie " + n));
        e.getAuthors().add(author);
        ProvideAndRegisterDocumentSet pnr = new ProvideAndRegisterDocumentSet();
        pnr.setSubmissionSet(set);
        byte[] content = ("Lettre de sortie " + n + "\n").repeat(20).getBytes(StandardCharsets.UTF_8);
        pnr.getDocuments().add(new Document(e, new DataHandler(new ByteArrayDataSource(content, "text/plain"))));
        Association hasMember = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), e.getEntryUuid());
        hasMember.setLabel(AssociationLabel.ORIGINAL);
        pnr.getAssociations().add(hasMember);
        return pnr;
    }

    private static Code code(String code, String display, String scheme) {
        return new Code(code, new LocalizedString(display), scheme);
    }

    static String status(Answer a) {
        String b = a.body();
        int i = b.indexOf("ResponseStatusType:");
        if (i < 0) return a.status() + " " + b.substring(0, Math.min(400, b.length()));
        int end = b.indexOf('"', i);
        String status = a.status() + " " + b.substring(i, end < 0 ? b.length() : end);
        int c = b.indexOf("codeContext=\"");
        if (c < 0) return status;
        int cEnd = b.indexOf('"', c + 13);
        return status + " (" + b.substring(c + 13, cEnd < 0 ? b.length() : cEnd) + ")";
    }
}
