package org.passerelle.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class HabilitationMatrixTest {

    private static final String PROFILES = """
            profile MED | 10 | * | * | Médecins
            profile MS_COORD | 95 | * | GEN05 | Coordination
            """;

    private static HabilitationMatrix parse(String text) throws IOException {
        return HabilitationMatrix.parse(new StringReader(text), "test");
    }

    private static MatrixException failure(String text) {
        return assertThrows(MatrixException.class, () -> parse(text));
    }

    @Test
    @DisplayName("R-12: the default matrix holds every row of tables 2.1 and 2.2 and denies what the seeds do not give")
    void R12_defaultMatrixLoads() {
        HabilitationMatrix m = HabilitationMatrix.defaultMatrix();
        // 11 column profiles (6 of table 2.1, 5 of table 2.2)
        assertEquals(11, m.profiles().size());
        // every resolved row of table 2.1 (49 distinct typeCodes after merging duplicates) plus 2 new ones of 2.2
        assertTrue(m.knownTypeCodes().containsAll(Set.of("11488-4", "11490-0", "8530-1", "DOCPAT9", "AUTRES-SOINS",
                "11369-6", "34112-3", "EXPRAT_3_16", "PRESC-ORTHOPTE", "ATTEST-HEBET")), m.knownTypeCodes().toString());
        // the unresolved duplicate (8550-0 printed twice with different cells) is reported, not applied
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("CR d'actualisation")), m.notes().toString());
        // table 2.1: C1 (coordination, 95/GEN05) reads CR de consultation, social worker (41) does not
        assertTrue(m.canRead("95", null, Set.of("GEN05"), "11488-4"));
        assertFalse(m.canRead("41", null, Set.of(), "11488-4"));
        assertTrue(m.canRead("41", null, Set.of(), "8548-4"));
        // C6 (encadrement, GEN02) reads the psychiatric synthesis, C1 does not
        assertTrue(m.canRead("95", null, Set.of("GEN02"), "8550-0"));
        assertFalse(m.canRead("95", null, Set.of("GEN05"), "8550-0"));
        // 95 without an activity genre matches no medico-social column
        assertFalse(m.canRead("95", null, Set.of(), "8570-3"));
        // table 2.2: physicians read the vaccination history, fitters and secretaries do not; '?' is a denial
        assertTrue(m.canRead("10", "SM26", Set.of(), "11369-6"));
        assertFalse(m.canRead("26", null, Set.of(), "11369-6"));
        assertFalse(m.canRead("54", null, Set.of(), "34112-3"));
        assertFalse(m.canRead("21", null, Set.of(), "34112-3"), "a cell the OCR lost is denied");
        assertTrue(m.canRead("21", null, Set.of(), "DOCPAT8"));
        assertFalse(m.canRead("10", null, Set.of(), "DOCPAT8"), "a cell the OCR lost is denied");
        // directives anticipées: row of 2.1 (C1) and row of 2.2 (physicians, nurses) merge on EXPRAT_3_16
        assertTrue(m.canRead("60", null, Set.of(), "EXPRAT_3_16"));
        assertTrue(m.canRead("95", null, Set.of("GEN05"), "EXPRAT_3_16"));
        assertFalse(m.canRead("21", null, Set.of(), "EXPRAT_3_16"));
        // rows the seeds do not give: denied by default (a CR-BIO is in no seed table)
        assertFalse(m.canRead("10", "SM26", Set.of(), "11502-2"));
    }

    @Test
    @DisplayName("R-10: the default matrix lets every profession feed every type; a write line restricts one type")
    void R10_writeColumnDefaultsToAllowed() throws IOException {
        HabilitationMatrix d = HabilitationMatrix.defaultMatrix();
        assertTrue(d.canWrite("26", null, Set.of(), "11488-4"));
        assertTrue(d.canWrite(null, null, Set.of(), "11502-2"));
        HabilitationMatrix m = parse(PROFILES + """
                table t | MED MS_COORD
                row 11488-4 | 1148-4 | CR de consultation | X X
                write 11488-4 | MED
                """);
        assertTrue(m.canWrite("10", null, Set.of(), "11488-4"));
        assertFalse(m.canWrite("95", null, Set.of("GEN05"), "11488-4"));
        assertTrue(m.canWrite("95", null, Set.of("GEN05"), "34112-3"), "types without a write line stay open");
    }

    @Test
    @DisplayName("R-11: specialty refinement: a profile restricted to a specialty matches only that specialty")
    void R11_specialtyRefinement() throws IOException {
        HabilitationMatrix m = parse("""
                profile MG | 10 | SM26 SM54 | * | Médecine générale
                table t | MG
                row 11502-2 | 11502-2 | CR-BIO | X
                """);
        assertTrue(m.canRead("10", "SM26", Set.of(), "11502-2"));
        assertFalse(m.canRead("10", "SM07", Set.of(), "11502-2"));
        assertFalse(m.canRead("10", null, Set.of(), "11502-2"));
    }

    @Test
    @DisplayName("R-12: rows resolving to one typeCode with different cells fail loudly, naming both lines")
    void R12_conflictingDuplicateRowsFail() {
        MatrixException e = failure(PROFILES + """
                table t | MED MS_COORD
                row 8550-0 | 8550-0 | Synthèse psychiatrique | . X
                row 8550-0 | 8550-0 | CR d'actualisation de médicaments | . .
                """);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(5, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("at line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("MS_COORD"), e.getMessage());
    }

    @Test
    void brokenFileReportsEveryProblemWithItsLine() {
        MatrixException e = failure("""
                # a comment
                profile MED | 10 | * | *
                profile MED2 | 10 | * | * | Médecins
                profile MED2 | 11 | * | * | again
                table t | MED2 NURSE
                row 1 | 1 | one | X
                table u | MED2
                row 11488-4 | 1148-4 | CR | X X
                row 11490-0 | 1140-0 | LDL | Y
                frobnicate
                write 11488-4 | NOBODY
                """);
        var lines = e.problems().stream().map(MatrixException.Problem::line).toList();
        assertEquals(java.util.List.of(2, 4, 5, 6, 8, 9, 10, 11), lines, e.getMessage());
        assertTrue(e.getMessage().contains("line 5: table t: unknown profile 'NURSE'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 8: row 11488-4 (CR) has 2 cells, the table has 1 columns"), e.getMessage());
        assertTrue(e.getMessage().contains("line 9: row 11490-0: cell 'Y' is not X, . or ?"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown statement 'frobnicate'"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() {
        MatrixException e = failure("# nothing\n\n");
        assertTrue(e.getMessage().contains("no profile defined"));

    }

    @Test
    void loadsFromAFileAndReportsAMissingOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("matrix.txt");
        Files.writeString(f, PROFILES + "table t | MED\nrow 11369-6 | - | Vaccinations | X\n");
        assertTrue(HabilitationMatrix.load(f).canRead("10", null, Set.of(), "11369-6"));
        MatrixException e = assertThrows(MatrixException.class, () -> HabilitationMatrix.load(dir.resolve("missing.txt")));
        assertTrue(e.getMessage().contains("cannot read the file"), e.getMessage());
    }
}
