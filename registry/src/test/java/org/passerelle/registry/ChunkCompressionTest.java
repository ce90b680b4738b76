package org.passerelle.registry;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.passerelle.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.passerelle.registry.Fixtures.*;

/** Migration V4: on a PostgreSQL server that has lz4, document chunks are compressed with lz4, not pglz. */
class ChunkCompressionTest {

    @Test
    void postgresqlCompressesChunksWithLz4WhenItCan() throws Exception {
        try (TestDatabase db = TestDatabase.postgresql()) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
            store.patients().register(PATIENT, null);
            DocumentEntry de = entry("Document01", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, text("compressible ".repeat(2000)))));
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                boolean lz4;
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                        + "AND 'lz4' = ANY(enumvals)")) {
                    lz4 = rs.next();
                }
                try (ResultSet rs = st.executeQuery("SELECT pg_column_compression(bytes) FROM repo_chunk")) {
                    rs.next();
                    assertEquals(lz4 ? "lz4" : "pglz", rs.getString(1));
                }
            }
        }
    }
}
