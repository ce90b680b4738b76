package org.passerelle.conformance.run;

import java.util.List;
import org.passerelle.conformance.ConformanceFailure;

/** The outcome of a run: tests, their steps, and for failing steps the reason and the exact request/response. */
public final class Results {
    private Results() {}

    public enum Outcome { PASS, FAIL, SKIPPED }

    public record StepResult(String test, String section, String step, String transaction, Outcome outcome,
                             String reason, ConformanceFailure failure, String request, String response, long millis) {
        public boolean failed() { return outcome == Outcome.FAIL; }
    }

    public record TestResult(String id, String title, List<StepResult> steps, long millis) {
        public boolean passed() {
            return !steps.isEmpty() && steps.stream().noneMatch(StepResult::failed)
                    && steps.stream().anyMatch(s -> s.outcome() == Outcome.PASS);
        }

        public StepResult firstFailure() {
            return steps.stream().filter(StepResult::failed).findFirst().orElse(null);
        }
    }

    public record RunResult(List<TestResult> tests, List<String> notApplicable, long millis) {
        public long passed() { return tests.stream().filter(TestResult::passed).count(); }
        public long failed() { return tests.size() - passed(); }
    }
}
