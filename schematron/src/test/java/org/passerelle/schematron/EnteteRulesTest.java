package org.passerelle.schematron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.schematron.Examples.Example;
import org.passerelle.schematron.SchematronHarness.Finding;

class EnteteRulesTest {

    static List<Example> accepted() { return Examples.acceptedByStrucMin(); }

    @ParameterizedTest
    @MethodSource("accepted")
    void examplesAcceptedByStrucMinHaveNoHeaderError(Example example) {
        List<Finding> findings = SchematronHarness.validate("entete.sch", example.path());
        findings.forEach(f -> System.out.println(example.file() + " " + f));
        assertEquals(List.of(), SchematronHarness.errors(findings), example.file());
    }
}
