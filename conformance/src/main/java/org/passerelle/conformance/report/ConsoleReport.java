package org.passerelle.conformance.report;

import java.io.PrintStream;
import org.passerelle.conformance.run.Results.Outcome;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;

/** The console summary: one line per step (test, section, step, pass/fail, reason), closing with "N passed, N failed". */
public final class ConsoleReport {
    private ConsoleReport() {}

    public static void write(RunResult run, PrintStream out) {
        out.printf("%-28s %-28s %-26s %-7s %s%n", "TEST", "SECTION", "STEP", "RESULT", "REASON");
        for (TestResult t : run.tests()) {
            for (StepResult s : t.steps()) {
                String reason = s.reason() == null ? "" : s.reason().replaceAll("\\s+", " ");
                if (s.outcome() == Outcome.PASS && reason.length() > 80) reason = reason.substring(0, 77) + "...";
                out.printf("%-28s %-28s %-26s %-7s %s%n", t.id(), s.section(), s.step(), s.outcome(), reason);
            }
        }
        if (!run.notApplicable().isEmpty()) {
            out.println();
            out.println("Not applicable (not run):");
            run.notApplicable().forEach(n -> out.println("  " + n));
        }
        out.println();
        for (TestResult t : run.tests()) {
            if (!t.passed()) {
                StepResult f = t.firstFailure();
                out.println("FAILED " + t.id() + (f == null ? "" : " at " + f.section() + "/" + f.step() + ": " + f.reason()));
            }
        }
        out.println(run.passed() + " passed, " + run.failed() + " failed");
    }
}
