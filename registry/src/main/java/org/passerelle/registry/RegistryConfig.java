package org.passerelle.registry;

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
 * @param maxEmbeddedTransactionContent on the embedded H2 store only: the most document bytes one submission may
 *                             write; 0 = derived from the JVM max heap ({@link #embeddedContentLimit()}). H2 keeps a
 *                             transaction's uncommitted pages on the heap; running out of heap at COMMIT makes H2
 *                             close its store for good, so a larger submission is refused before that can happen.
 */
public record RegistryConfig(String repositoryUniqueId, String homeCommunityId, boolean autoRegisterPatients,
                             Set<String> patientAuthorities, int maxQueryResults, int chunkSize,
                             long maxEmbeddedTransactionContent) {

    /** INS-NIR, INS-NIA, INS-NIR test, INS-NIR demo (xds-fr-metadata.md §3). */
    public static final Set<String> INS_AUTHORITIES =
            Set.of("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11");

    public static final int DEFAULT_MAX_QUERY_RESULTS = 1000;
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;

    public RegistryConfig {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        patientAuthorities = patientAuthorities == null ? Set.of() : Set.copyOf(patientAuthorities);
        if (maxQueryResults < 1) throw new IllegalArgumentException("maxQueryResults must be positive");
        if (chunkSize < 1024) throw new IllegalArgumentException("chunkSize must be at least 1024 bytes");
        if (maxEmbeddedTransactionContent < 0) throw new IllegalArgumentException("maxEmbeddedTransactionContent must be >= 0 (0 = derived from the heap)");
    }

    /**
     * The per-submission content limit applied on H2: the configured value, or a tenth of the JVM max heap. Measured
     * (H2 2.3.232, H2HeapExhaustionTest / H2HeapProbe): a quarter was not safe: after a 64 MB submission under -Xmx256m
     * (or 15 MB under -Xmx64m) H2 committed it but ran out of heap while writing the NEXT commit and closed its store;
     * a tenth survived every run from -Xmx64m to -Xmx512m.
     */
    public long embeddedContentLimit() {
        return maxEmbeddedTransactionContent > 0 ? maxEmbeddedTransactionContent : Runtime.getRuntime().maxMemory() / 10;
    }

    /** IHE policy: unknown patients are refused until fed (ITI-8 or admin). */
    public static RegistryConfig ihe(String repositoryUniqueId) {
        return new RegistryConfig(repositoryUniqueId, null, false, Set.of(), DEFAULT_MAX_QUERY_RESULTS, DEFAULT_CHUNK_SIZE, 0);
    }

    /** fr-dmp policy: a patient identified by an INS gets a DMP record on first use. */
    public static RegistryConfig frDmp(String repositoryUniqueId) {
        return new RegistryConfig(repositoryUniqueId, null, true, INS_AUTHORITIES, DEFAULT_MAX_QUERY_RESULTS, DEFAULT_CHUNK_SIZE, 0);
    }

    public RegistryConfig withHomeCommunityId(String id) {
        return new RegistryConfig(repositoryUniqueId, id, autoRegisterPatients, patientAuthorities, maxQueryResults, chunkSize, maxEmbeddedTransactionContent);
    }

    public RegistryConfig withMaxQueryResults(int max) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, max, chunkSize, maxEmbeddedTransactionContent);
    }

    public RegistryConfig withChunkSize(int size) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, maxQueryResults, size, maxEmbeddedTransactionContent);
    }

    /** Per-submission content limit on the embedded H2 store, in bytes (0 = a tenth of the JVM max heap). */
    public RegistryConfig withMaxEmbeddedTransactionContent(long bytes) {
        return new RegistryConfig(repositoryUniqueId, homeCommunityId, autoRegisterPatients, patientAuthorities, maxQueryResults, chunkSize, bytes);
    }
}
