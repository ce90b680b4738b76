package org.passerelle.conformance;

/**
 * Every way a conformance step can fail, with the message template the reports print and the command-line exit code
 * a run ends with when this is the most serious failure (1 = a test failed, 2 = the run could not start).
 */
public enum ConformanceFailure {
    PLAN_MALFORMED(1, "test plan %s cannot be read: %s"),
    FILE_MISSING(1, "file %s named by the test plan does not exist"),
    LINKAGE_MISSING(1, "%s refers to %s, which no earlier step produced"),
    UNSUPPORTED_INSTRUCTION(1, "instruction %s is not supported by this runner"),
    ENDPOINT_UNREACHABLE(1, "endpoint %s cannot be reached: %s"),
    TLS_FAILURE(1, "TLS handshake with %s failed: %s"),
    HTTP_ERROR(1, "endpoint %s answered HTTP %d: %s"),
    RESPONSE_UNREADABLE(1, "response cannot be read: %s"),
    UNEXPECTED_STATUS(1, "expected status %s, got %s%s"),
    EXPECTED_ERROR_MISSING(1, "expected error %s not in the response (errors: %s)"),
    CONTENTS_MISMATCH(1, "%s"),
    RETRIEVE_MISMATCH(1, "%s"),
    ASSERTION_FAILED(1, "assertion %s failed: %s"),
    FEED_FAILED(1, "patient identity feed to %s failed: %s"),
    DEPENDENCY_FAILED(1, "fixture %s failed, so this test cannot run"),
    KIT_UNREADABLE(2, "test kit %s cannot be read: %s"),
    UNKNOWN_TEST(2, "test %s is not in the kit %s"),
    GATEWAY_START_FAILED(2, "embedded gateway cannot start: %s");

    private final int exitCode;
    private final String template;

    ConformanceFailure(int exitCode, String template) {
        this.exitCode = exitCode;
        this.template = template;
    }

    public int exitCode() { return exitCode; }

    public String format(Object... args) {
        return String.format(template, args);
    }

    /** A failure with its formatted message, thrown inside a step and turned into a failed step result. */
    public StepException exception(Object... args) {
        return new StepException(this, format(args));
    }

    public static final class StepException extends Exception {
        private final ConformanceFailure failure;

        public StepException(ConformanceFailure failure, String message) {
            super(message);
            this.failure = failure;
        }

        public ConformanceFailure failure() { return failure; }
    }
}
