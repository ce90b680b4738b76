package org.passerelle.gateway.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.access.MatrixException;
import org.passerelle.registry.RegistryConfig;
import org.passerelle.registry.XdsStore;
import org.passerelle.testsupport.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DmpAccessSetupTest {

    @Test
    void R12_aBrokenMatrixFileStopsTheStartWithItsLines(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("matrix.txt");
        Files.writeString(bad, "profile MED | 10 | * | * | Médecins\ntable t | MED NURSE\nrow 1 | 1 | x | X\n");
        try (TestDatabase db = TestDatabase.h2()) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.frDmp("1.2.250.1.999.7.1"));
            MatrixException e = assertThrows(MatrixException.class, () -> DmpAccessSetup.policy(
                    Map.of("access.matrix", bad.toString()), store, db.dataSource(), true));
            assertTrue(e.getMessage().contains("line 2: table t: unknown profile 'NURSE'"), e.getMessage());
            assertTrue(e.getMessage().contains("line 3: row outside a valid table"), e.getMessage());
            MatrixException missing = assertThrows(MatrixException.class, () -> DmpAccessSetup.policy(
                    Map.of("access.matrix", dir.resolve("absent.txt").toString()), store, db.dataSource(), true));
            assertTrue(missing.getMessage().contains("cannot read the file"), missing.getMessage());
            assertNotNull(DmpAccessSetup.policy(Map.of("access.regulation-centres", " 1750000999 , 1130000001"), store, db.dataSource(), true));
        }
        assertEquals(Set.of("a", "b"), DmpAccessSetup.list(" a, b ,,"));
    }
}
