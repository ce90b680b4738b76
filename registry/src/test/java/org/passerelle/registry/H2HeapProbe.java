package org.passerelle.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import static org.passerelle.registry.Fixtures.*;

/**
 * Run in a forked JVM with a small -Xmx by {@link H2HeapExhaustionTest}: submits one generated document of
 * {@code args[1]} MB (-1: exactly the default limit) to a file H2 store in {@code args[0]}, then a small one, and prints one line per outcome
 * ({@code BIG=...}, {@code SMALL=...}). {@code args[2]}: per-submission limit in bytes, 0 = the default guard.
 */
public final class H2HeapProbe {
    public static void main(String[] args) throws Exception {
        // pooled, as in the gateway: pooled connections stay bound to the database H2 closed
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:file:" + args[0] + "/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(2);
        HikariDataSource ds = new HikariDataSource(pool);
        long mb = Long.parseLong(args[1]);
        long limit = Long.parseLong(args[2]);
        XdsStore store = XdsStore.open(ds, RegistryConfig.ihe(REPO).withMaxEmbeddedTransactionContent(limit));
        store.patients().register(PATIENT, null);

        long size = mb < 0 ? store.config().embeddedContentLimit() : mb << 20;
        System.out.println("BIG=" + outcome(store.provideAndRegister(EmbeddedStoreLimitTest.generatedSubmission(size))));
        for (int i = 0; i < 3; i++) {
            DocumentEntry de = entry("Document01", PATIENT);
            System.out.println("SMALL=" + outcome(store.provideAndRegister(provide(PATIENT, de, text("still alive " + i)))));
        }
        System.out.flush();
    }

    private static String outcome(Response r) {
        return r.getStatus() == Status.SUCCESS ? "SUCCESS" : "FAILURE " + describe(r).replace('\n', ' ');
    }
}
