package org.passerelle.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one {@link XdsStore}.
 *
 * @param repositoryUniqueId   OID of this repository (set on every stored DocumentEntry, checked on retrieve)
 * @param homeCommunityId      urn:oid of this community, set on returned objects; null when not in XCA context
 * @param autoRegisterPatients fr-dmp policy: a patient id whose assigning authority is in {@code patientAuthorities}
 *                             gets an ACTIVE record on first use; false = ihe policy (only fed patients are known)
 * @param patientAuthorities   assigning-authority OIDs accepted for automatic registration
 * @param maxQueryResults      a stored query returning more objects fails with XDSTooManyResults
 * @param chunkSize            size of the content chunks stored in the database, in bytes
 * @param maxSubmissionContent the most document bytes one submission may store, on any database (a sanity limit
 *                             besides the gateway's request size limit); 0 = no limit. Content is staged in small
 *                             transactions, so the JVM heap does not bound it, even on the embedded H2 store
 * @param orphanContentAge     staged content of a submission that never committed (crash, failed clean-up) is deleted
 *                             once untouched for this long, at start-up and then periodically (every quarter of it, at
 *                             most every 15 minutes); it must exceed the longest pause of a live upload between two
 *                             4 MB batches. Zero = never swept.
 */
public record RegistryConfig(String repositoryUniqueId, String homeCommunityId, boolean autoRegisterPatients,
                             Set<String> patientAuthorities, int maxQueryResults, int chunkSize,
                             long maxSubmissionContent, Duration orphanContentAge) {

    /** INS-NIR, INS-NIA, INS-NIR test, INS-NIR demo (xds-fr-metadata.md §3). */
    public static final Set<String> INS_AUTHORITIES =
            Set.of("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11");

    public static final int DEFAULT_MAX_QUERY_RESULTS = 1000;
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;
    public static final Duration DEFAULT_ORPHAN_CONTENT_AGE = Duration.ofHours(1);

    public RegistryConfig {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        patientAuthorities = patientAuthorities == null ? Set.of() : Set.copyOf(patientAuthorities);
        if (maxQueryResults < 1) throw new IllegalArgumentException("maxQueryResults must be positive");
        if (chunkSize < 1024) throw new IllegalArgumentException("chunkSize must be at least 1024 bytes");
        if (maxSubmissionContent < 0) throw new IllegalArgumentException("maxSubmissionContent must be >= 0 (0 = no limit)");
        if (orphanContentAge == null) orphanContentAge = DEFAULT_ORPHAN_CONTENT_AGE;
        if (orphanContentAge.isNegative()) throw new IllegalArgumentException("orphanContentAge must not be negative");
    }

    /** The per-submission content limit in bytes (Long.MAX_VALUE when none is configured). */
    public long submissionContentLimit() {
        return maxSubmissionContent > 0 ? maxSubmissionContent : Long.MAX_VALUE;
    }

    /** IHE policy: unknown patients are refused until fed (ITI-8 or admin). */
    public static RegistryConfig ihe(String repositoryUniqueId) {
        return new RegistryConfig(repositoryUniqueId, null, false, Set.of(), DEFAULT_MAX_QUERY_RESULTS, DEFAULT_CHUNK_SIZE, 0, DEFAULT_ORPHAN_CONTENT_AGE);
    }

    /** fr-dmp policy: a patient identified by an INS gets a DMP record on first use. */
    public static RegistryConfig frDmp(String repositoryUniqueId) {
        return new RegistryConfig(repositoryUniqueId, null, true, INS_AUTHORITIES, DEFAULT_MAX_QUERY_RESULTS, DEFAULT_CHUNK_SIZE, 0, DEFAULT_ORPHAN_CONTENT_AGE);
    }

    public RegistryConfig withHomeCommunityId(String id) {
        return new RegistryConfig(repositoryUniqueId, id, autoRegisterPatients, patientAuthorities, maxQueryResults, chunkSize, maxSubmissionContent, orphanContentAge);
    }

    public RegistryConfig withMaxQueryResults(int max) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, max, chunkSize, maxSubmissionContent, orphanContentAge);
    }

    public RegistryConfig withChunkSize(int size) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, maxQueryResults, size, maxSubmissionContent, orphanContentAge);
    }

    /** Per-submission content limit, in bytes (0 = none). */
    public RegistryConfig withMaxSubmissionContent(long bytes) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, maxQueryResults, chunkSize, bytes, orphanContentAge);
    }

    /** Age after which unpublished staged content is swept (zero = never). */
    public RegistryConfig withOrphanContentAge(Duration age) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, maxQueryResults, chunkSize, maxSubmissionContent, age);
    }
}
