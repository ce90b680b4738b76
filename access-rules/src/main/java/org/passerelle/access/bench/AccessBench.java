package org.passerelle.access.bench;

import org.passerelle.access.AccessDecision;
import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.Actor;
import org.passerelle.access.DocumentFacts;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.access.PatientDecisionSet;
import org.passerelle.access.PatientRecord;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Measures what the access rules add to a consultation: one read of the patient's decisions (JDBC, indexed by
 * patient) plus the record-level decision and one per-document decision for every entry of a query response.
 * Bounded in count. Usage: {@code AccessBench JDBC_URL USER PATIENTS DOCS_PER_RESPONSE ITERATIONS}.
 * The database gets {@code PATIENTS} patients with a care-team consent each (1 in 50 also blocks someone).
 */
public final class AccessBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AccessBench JDBC_URL USER PATIENTS DOCS_PER_RESPONSE ITERATIONS");
            System.exit(64);
        }
        String url = args[0], user = args[1];
        int patients = Integer.parseInt(args[2]), docs = Integer.parseInt(args[3]), iterations = Integer.parseInt(args[4]);
        DataSource ds = new SimpleDataSource(url, user);
        JdbcPatientDecisions store = JdbcPatientDecisions.open(ds);
        populate(ds, patients);
        AccessRules rules = new AccessRules(HabilitationMatrix.defaultMatrix(), AccessRulesConfig.defaults().withTestMode(true));
        Actor doctor = Actor.professional("810001234567", "1750712184", "10", "SM26");
        String[] types = {"11369-6", "34112-3", "EXPRAT_3_16", "11502-2", "11488-4"};
        List<DocumentFacts> response = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            response.add(new DocumentFacts("1.2.3." + i, null, types[i % types.length],
                    i % 10 == 0 ? Set.of("N", "MASQUE_PS") : Set.of("N"), Set.of("8100000" + (i % 3)), Set.of("1750712184"), null));
        }
        Random random = new Random(42);
        long[] total = new long[iterations], pure = new long[iterations];
        int visible = 0;
        for (int i = -Math.min(iterations, 2000); i < iterations; i++) { // negative indexes: warm-up
            String pid = patientId(random.nextInt(patients));
            long t0 = System.nanoTime();
            PatientDecisionSet d = store.forPatient(pid);
            long t1 = System.nanoTime();
            AccessDecision record = rules.canConsult(doctor, PatientRecord.firstUse(pid), d, Instant.now());
            HabilitationMatrix.Habilitation hab = rules.habilitation(doctor);
            int seen = 0;
            if (record.allowed()) for (DocumentFacts f : response) if (rules.canSee(doctor, hab, f).allowed()) seen++;
            long t2 = System.nanoTime();
            if (i >= 0) { total[i] = t2 - t0; pure[i] = t2 - t1; visible += seen; }
        }
        Arrays.sort(total);
        Arrays.sort(pure);
        System.out.printf("patients with decisions: %d, documents per response: %d, iterations: %d, documents visible per response: %.1f%n",
                patients, docs, iterations, visible / (double) iterations);
        System.out.printf("rules total (decisions read + decisions): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms(total, 0.50), ms(total, 0.99), total[iterations - 1] / 1e6);
        System.out.printf("rules in memory only (record + %d documents): p50 %.1f us, p99 %.1f us%n",
                docs, pure[iterations / 2] / 1e3, pure[(int) (iterations * 0.99)] / 1e3);
    }

    private static double ms(long[] sorted, double q) { return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6; }

    static String patientId(int i) {
        String body = String.format("1%02d%02d75%03d%03d", 50 + i % 50, 1 + i % 12, (i / 7) % 1000, i % 1000);
        long key = 97 - Long.parseLong(body) % 97;
        return body + String.format("%02d", key) + "-" + i + "^^^&1.2.250.1.213.1.4.10&ISO";
    }

    private static void populate(DataSource ds, int patients) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM access_consent")) {
                rs.next();
                if (rs.getLong(1) >= patients) return;
            }
            c.setAutoCommit(false);
            OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
            long t0 = System.nanoTime();
            try (PreparedStatement consent = c.prepareStatement("INSERT INTO access_consent (patient_id, scope, grantee, valid_from) VALUES (?, 'CARE_TEAM', ?, ?)");
                 PreparedStatement block = c.prepareStatement("INSERT INTO access_blocked_professional (patient_id, subject_id, created_at) VALUES (?, ?, ?)")) {
                for (int i = 0; i < patients; i++) {
                    String pid = patientId(i);
                    consent.setString(1, pid);
                    consent.setString(2, "1750712184");
                    consent.setObject(3, from);
                    consent.addBatch();
                    if (i % 50 == 0) {
                        block.setString(1, pid);
                        block.setString(2, "810009999999");
                        block.setObject(3, from);
                        block.addBatch();
                    }
                    if (i % 5000 == 4999) { consent.executeBatch(); block.executeBatch(); c.commit(); }
                }
                consent.executeBatch();
                block.executeBatch();
                c.commit();
            }
            c.createStatement().execute("ANALYZE");
            System.out.printf("populated %d patients in %.1f s%n", patients, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** A minimal DataSource over DriverManager with one cached connection per thread (the bench is single-threaded). */
    private static final class SimpleDataSource implements DataSource {
        private final String url, user;
        private Connection shared;

        SimpleDataSource(String url, String user) { this.url = url; this.user = user; }

        @Override public synchronized Connection getConnection() throws SQLException {
            if (shared == null || shared.isClosed()) shared = DriverManager.getConnection(url, user, "");
            Connection target = shared;
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (p, m, a) -> m.getName().equals("close") ? null : invoke(target, m, a));
        }

        private static Object invoke(Connection c, java.lang.reflect.Method m, Object[] a) throws Throwable {
            try { return m.invoke(c, a); } catch (java.lang.reflect.InvocationTargetException e) { throw e.getCause(); }
        }

        @Override public Connection getConnection(String u, String p) throws SQLException { return getConnection(); }
        @Override public java.io.PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(java.io.PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public java.util.logging.Logger getParentLogger() { return java.util.logging.Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) { throw new UnsupportedOperationException(); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
