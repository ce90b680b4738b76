package org.passerelle.conformance.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * One conformance run.
 *
 * @param testkit            kit folder (with tests/ or being it)
 * @param endpoint           base URL of the XDS.b endpoints; transactions go to {@code <endpoint>/xds/iti41} etc.
 * @param tests              selected test ids, empty for every applicable test of the kit
 * @param assigningAuthority OID of the patient ids the runner makes
 * @param sourceId           SubmissionSet.sourceId written into every submission
 * @param repositoryUniqueId $repuid$ when no step reports it
 * @param feedHost           ITI-8 MLLP host for PatientIdentityFeed steps, null for none (ids then never fed)
 * @param feedPort           ITI-8 MLLP port
 * @param tls                TLS context (trust store, and client key for mutual TLS), null for plain HTTP
 * @param timeout            per-request timeout
 * @param security           makes the wsse:Security header of each request (XUA/VIHF), null for none
 * @param cdaExamples        folder of the CI-SIS example documents that plans name as {@code examples:<file>}
 *                           (read in place, never copied into a kit), null when the kit names none
 * @param unindexedSections  sections a test's index.idx leaves out, as {@code test/section} (e.g. 15816/Retrieve),
 *                           run after that test's indexed sections
 */
public record RunConfig(Path testkit, String endpoint, List<String> tests, String assigningAuthority, String sourceId,
                        String repositoryUniqueId, String feedHost, int feedPort, SSLContext tls, Duration timeout,
                        SecurityHeaders security, Path cdaExamples, List<String> unindexedSections) {

    public RunConfig {
        tests = List.copyOf(tests);
        unindexedSections = unindexedSections == null ? List.of() : List.copyOf(unindexedSections);
    }

    /** A run of the indexed sections only. */
    public RunConfig(Path testkit, String endpoint, List<String> tests, String assigningAuthority, String sourceId,
                     String repositoryUniqueId, String feedHost, int feedPort, SSLContext tls, Duration timeout,
                     SecurityHeaders security, Path cdaExamples) {
        this(testkit, endpoint, tests, assigningAuthority, sourceId, repositoryUniqueId, feedHost, feedPort, tls,
                timeout, security, cdaExamples, List.of());
    }

    /** The unindexed sections to run for {@code testId}, in the order given. */
    public List<String> unindexedSectionsOf(String testId) {
        return unindexedSections.stream().filter(s -> s.startsWith(testId + "/"))
                .map(s -> s.substring(testId.length() + 1)).toList();
    }

    /** Prefix of a plan's file reference resolved against {@link #cdaExamples()} rather than the section folder. */
    public static final String EXAMPLES_PREFIX = "examples:";

    /** A run whose kit names no CI-SIS example document. */
    public RunConfig(Path testkit, String endpoint, List<String> tests, String assigningAuthority, String sourceId,
                     String repositoryUniqueId, String feedHost, int feedPort, SSLContext tls, Duration timeout,
                     SecurityHeaders security) {
        this(testkit, endpoint, tests, assigningAuthority, sourceId, repositoryUniqueId, feedHost, feedPort, tls,
                timeout, security, null, List.of());
    }

    public static final String DEFAULT_ASSIGNING_AUTHORITY = "1.3.6.1.4.1.21367.2005.13.20.1000";
    public static final String DEFAULT_SOURCE_ID = "1.3.6.1.4.1.21367.4";

    public String endpointFor(String transaction) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base + "/xds/" + transaction;
    }

    /** Makes the wsse:Security header for a request of a test step, or null to send none. */
    public interface SecurityHeaders {
        /** @param expectedStatus the step's ExpectedStatus (Success, Failure, PartialSuccess, Fault) */
        String header(String testId, String action, String expectedStatus) throws Exception;

        /**
         * With the request's patient and the step's {@code <Vihf variant=>} (null when the step has none); by default
         * the same as {@link #header(String, String, String)}.
         */
        default String header(String testId, String action, String expectedStatus, String patientId, String variant)
                throws Exception {
            return header(testId, action, expectedStatus);
        }
    }
}
