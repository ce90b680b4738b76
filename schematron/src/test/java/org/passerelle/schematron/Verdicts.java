package org.passerelle.schematron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.passerelle.schematron.SchematronHarness.Finding;

/** Assertions on SVRL findings. */
final class Verdicts {
    private Verdicts() {}

    /** The finding {@code id} is present with {@code role}, and its message quotes {@code fragment}. */
    static Finding assertFinding(List<Finding> findings, String id, String role, String fragment) {
        Finding f = findings.stream().filter(x -> id.equals(x.id())).findFirst()
                .orElseGet(() -> fail("expected " + id + " among " + findings));
        assertEquals(role, f.role(), f.toString());
        if (fragment != null) assertTrue(f.text().contains(fragment), "message of " + f + " should quote '" + fragment + "'");
        return f;
    }

    static Finding assertError(List<Finding> findings, String id, String fragment) {
        return assertFinding(findings, id, "error", fragment);
    }

    static void assertAbsent(List<Finding> findings, String id) {
        assertFalse(findings.stream().anyMatch(x -> id.equals(x.id())), () -> id + " unexpected in " + findings);
    }

    static void assertNoError(List<Finding> findings, String what) {
        assertEquals(List.of(), SchematronHarness.errors(findings), what);
    }
}
