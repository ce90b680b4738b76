package org.passerelle.registry.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.registry.BulkLoader;
import org.passerelle.registry.RegistryConfig;
import org.passerelle.registry.XdsStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store benchmark: bulk-loads N document entries (10 per patient), then measures for {@code seconds} each
 * FindDocuments on single patients, ITI-41 of a 100 KB document, and ITI-43 of those documents.
 * <p>
 * Usage: {@code StoreBench <jdbc-url> <entries> <seconds>}; user from env DB_USER (default postgres, sa for H2),
 * password from env DB_PASSWORD. Existing data is kept: entries are added only when the database holds fewer.
 */
public final class StoreBench {
    private static final String REPO = "1.2.250.1.999.1.1.7898.9";
    private static final int PER_PATIENT = 10;
    /** CPU time of the measuring thread: what the store costs, apart from the database and the other processes. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: StoreBench <jdbc-url> <entries> <seconds>");
            System.exit(2);
        }
        String url = args[0];
        int entries = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        boolean h2 = url.startsWith("jdbc:h2:");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(!h2 && !url.contains("reWriteBatchedInserts") ? url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : url);
        cfg.setUsername(System.getenv().getOrDefault("DB_USER", h2 ? "sa" : "postgres"));
        cfg.setPassword(System.getenv().getOrDefault("DB_PASSWORD", ""));
        cfg.setMaximumPoolSize(8);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            XdsStore store = XdsStore.open(ds, RegistryConfig.ihe(REPO));
            long existing = count(ds);
            if (existing < entries) {
                long t0 = System.nanoTime();
                int toLoad = (int) (entries - existing);
                System.out.printf(Locale.ROOT, "loading %d document entries (%d present)...%n", toLoad, existing);
                new BulkLoader(ds).loadDocumentEntries(toLoad, PER_PATIENT, done -> {
                    if (done % 100_000 == 0) System.out.printf(Locale.ROOT, "  %d%n", done);
                });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "loaded %d entries in %.1f s (%.0f entries/s)%n", toLoad, s, toLoad / s);
                analyze(ds, h2);
            }
            long total = count(ds);
            int patients = (int) Math.max(1, Math.min(total, entries) / PER_PATIENT);
            System.out.printf(Locale.ROOT, "database: %d document entries, querying %d patients%n", total, patients);

            Random random = new Random(7);
            // ---- FindDocuments, single patient, Approved
            // warm-up long enough for the JIT to compile the decoding path (a few thousand entries are not enough:
            // without it the first seconds measure the interpreter, not the store)
            long warmEnd = System.nanoTime() + Math.max(2, seconds / 2) * 1_000_000_000L;
            int warmed = 0;
            while (warmed < 500 || System.nanoTime() < warmEnd) {
                store.query(findDocuments(random.nextInt(patients)));
                QueryRegistry q = findDocuments(random.nextInt(patients));
                q.setReturnType(QueryReturnType.OBJECT_REF);
                store.query(q);
                warmed++;
            }
            System.out.printf(Locale.ROOT, "warm-up: %d LeafClass + %d ObjectRef queries%n", warmed, warmed);
            List<Long> find = new ArrayList<>();
            List<Long> findCpu = new ArrayList<>();
            long results = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long cpu = CPU.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                QueryResponse r = store.query(findDocuments(random.nextInt(patients)));
                find.add(System.nanoTime() - t);
                findCpu.add(CPU.getCurrentThreadCpuTime() - cpu);
                if (r.getStatus() != Status.SUCCESS) throw new IllegalStateException("FindDocuments failed: " + r.getErrors());
                results += r.getDocumentEntries().size();
            }
            report("FindDocuments (1 patient, Approved, LeafClass)", find);
            report("  same, CPU time of the calling thread", findCpu);
            System.out.printf(Locale.ROOT, "  mean entries returned: %.1f%n", (double) results / find.size());
            // the same with ObjectRef: the database part alone, without rebuilding the IPF objects
            List<Long> refs = new ArrayList<>();
            List<Long> refsCpu = new ArrayList<>();
            end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                QueryRegistry q = findDocuments(random.nextInt(patients));
                q.setReturnType(QueryReturnType.OBJECT_REF);
                long cpu = CPU.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                QueryResponse r = store.query(q);
                refs.add(System.nanoTime() - t);
                refsCpu.add(CPU.getCurrentThreadCpuTime() - cpu);
                if (r.getStatus() != Status.SUCCESS) throw new IllegalStateException("FindDocuments failed: " + r.getErrors());
            }
            report("FindDocuments (1 patient, Approved, ObjectRef)", refs);
            report("  same, CPU time of the calling thread", refsCpu);

            // ---- ITI-41 of 100 KB
            byte[] content = new byte[100 * 1024];
            random.nextBytes(content);
            List<Long> pnr = new ArrayList<>();
            List<String> stored = new ArrayList<>();
            AtomicLong seq = new AtomicLong(System.currentTimeMillis());
            end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                String uid = "1.2.250.1.999.1.1.7898.44." + seq.incrementAndGet();
                ProvideAndRegisterDocumentSet req = provide(BulkLoader.patientId(random.nextInt(patients)), uid, content);
                long t = System.nanoTime();
                Response r = store.provideAndRegister(req);
                pnr.add(System.nanoTime() - t);
                if (r.getStatus() != Status.SUCCESS) throw new IllegalStateException("PnR failed: " + r.getErrors());
                stored.add(uid);
            }
            report("ProvideAndRegister (100 KB document)", pnr);

            // ---- ITI-43 of those documents, read fully
            List<Long> ret = new ArrayList<>();
            byte[] buf = new byte[64 * 1024];
            end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                String uid = stored.get(random.nextInt(stored.size()));
                RetrieveDocumentSet req = new RetrieveDocumentSet();
                req.getDocuments().add(new DocumentReference(REPO, uid, null));
                long t = System.nanoTime();
                RetrievedDocumentSet r = store.retrieve(req);
                long size = 0;
                try (InputStream in = r.getDocuments().get(0).getDataHandler().getInputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) size += n;
                }
                ret.add(System.nanoTime() - t);
                if (size != content.length) throw new IllegalStateException("retrieved " + size + " bytes");
            }
            report("Retrieve (100 KB document, read fully)", ret);
        }
    }

    private static long count(javax.sql.DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM reg_document_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void analyze(javax.sql.DataSource ds, boolean h2) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(h2 ? "ANALYZE" : "ANALYZE");
        }
    }

    private static QueryRegistry findDocuments(int patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(Identifiable.parse(BulkLoader.patientId(patient)));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return new QueryRegistry(q, QueryReturnType.LEAF_CLASS);
    }

    private static void report(String what, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.println(what + ": no sample");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms (%.0f ops/s single-threaded)%n", what,
                sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                sorted.length / (Arrays.stream(sorted).sum() / 1e9));
    }

    private static double ms(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static ProvideAndRegisterDocumentSet provide(String patient, String uid, byte[] content) {
        SubmissionSet ss = new SubmissionSet();
        ss.setEntryUuid("SubmissionSet01");
        ss.setUniqueId(uid + ".1");
        ss.setSourceId("1.2.250.1.999.1.1.7898");
        ss.setPatientId(Identifiable.parse(patient));
        ss.setSubmissionTime("20261123090000");
        ss.setContentTypeCode(new Code("04", new LocalizedString("Hospitalisation de jour"), "1.2.250.1.213.2.2"));
        DocumentEntry de = new DocumentEntry();
        de.setEntryUuid("Document01");
        de.setUniqueId(uid);
        de.setPatientId(Identifiable.parse(patient));
        de.setClassCode(new Code("10", new LocalizedString("Compte rendu"), "1.2.250.1.213.1.1.4.1"));
        de.setTypeCode(new Code("11488-4", new LocalizedString("CR de consultation"), "2.16.840.1.113883.6.1"));
        de.setFormatCode(new Code("urn:ihe:iti:xds-sd:pdf:2008", new LocalizedString("PDF"), "1.3.6.1.4.1.19376.1.2.3"));
        de.setHealthcareFacilityTypeCode(new Code("SA01", new LocalizedString("Etablissement public de santé"), "1.2.250.1.71.4.2.4"));
        de.setPracticeSettingCode(new Code("ETABLISSEMENT", new LocalizedString("Etablissement de santé"), "1.2.250.1.213.1.1.4.9"));
        de.getConfidentialityCodes().add(new Code("N", new LocalizedString("Normal"), "2.16.840.1.113883.5.25"));
        de.setCreationTime("20261123083000");
        de.setLanguageCode("fr-FR");
        de.setMimeType("application/pdf");
        ProvideAndRegisterDocumentSet r = new ProvideAndRegisterDocumentSet();
        r.setSubmissionSet(ss);
        r.getDocuments().add(new Document(de, new DataHandler(new DataSource() {
            @Override public InputStream getInputStream() { return new ByteArrayInputStream(content); }
            @Override public OutputStream getOutputStream() throws IOException { throw new IOException("read-only"); }
            @Override public String getContentType() { return "application/pdf"; }
            @Override public String getName() { return uid; }
        })));
        Association member = new Association(AssociationType.HAS_MEMBER, "m", "SubmissionSet01", "Document01");
        member.setLabel(AssociationLabel.ORIGINAL);
        r.getAssociations().add(member);
        return r;
    }
}
