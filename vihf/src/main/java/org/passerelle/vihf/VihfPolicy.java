package org.passerelle.vihf;

import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link VihfVerifier} accepts. Build with {@link #builder(VihfProfile)}.
 *
 * @param profile                  FR_DMP (VIHF) or IHE_XUA
 * @param trustAnchors             CAs the signing and TLS client certificates must chain to
 * @param intermediates            intermediate CA certificates used to build chains
 * @param trustedSigners           signing certificates trusted as such (need not chain to an anchor)
 * @param crls                     CRLs checked for every certificate (revocation)
 * @param clockSkew                tolerated clock difference (default 60 s)
 * @param maxLifetime              maximum NotOnOrAfter - IssueInstant (default 10 min)
 * @param expectedAudience         IHE_XUA: the audience (service URI) that must be in AudienceRestriction, or null
 * @param trustedIssuers           IHE_XUA: allowed Issuer values (empty: any issuer with a trusted signature)
 * @param acceptedVersions         accepted VIHF_Version values (default 3.0, 4.0)
 * @param acceptedAuthDeclarations accepted AIR AuthnContextDecl values (default APP_BROWSER_AUTH, CONF_EXI_PGSSIS)
 * @param professionCodeSystems    accepted code systems of the first subject:role
 * @param specialtyCodeSystems     accepted code systems of the specialty role (physicians, pharmacists)
 * @param homologationAllowList    allowed LPS_ID_HOMOLOGATION_DMP (empty: any non-empty value, R-81)
 * @param requireTlsClientCertificate refuse requests without a TLS client certificate
 * @param requireSameEstablishment the signer and the TLS client certificate must carry the same OU (FR_DMP)
 * @param testInsAllowed           accept the test/demo INS OIDs 1.2.250.1.213.1.4.10 and .11
 * @param replayCache              the single-use store
 * @param clock                    the verification clock
 */
public record VihfPolicy(VihfProfile profile, Set<TrustAnchor> trustAnchors, List<X509Certificate> intermediates,
                         List<X509Certificate> trustedSigners, List<X509CRL> crls, Duration clockSkew,
                         Duration maxLifetime, String expectedAudience, Set<String> trustedIssuers,
                         Set<String> acceptedVersions, Set<String> acceptedAuthDeclarations,
                         Set<String> professionCodeSystems, Set<String> specialtyCodeSystems,
                         Set<String> homologationAllowList, boolean requireTlsClientCertificate,
                         boolean requireSameEstablishment, boolean testInsAllowed, ReplayCache replayCache,
                         Clock clock) {

    public VihfPolicy {
        Objects.requireNonNull(profile, "profile");
        trustAnchors = Set.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
        trustedSigners = List.copyOf(trustedSigners);
        crls = List.copyOf(crls);
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        trustedIssuers = Set.copyOf(trustedIssuers);
        acceptedVersions = Set.copyOf(acceptedVersions);
        acceptedAuthDeclarations = Set.copyOf(acceptedAuthDeclarations);
        professionCodeSystems = Set.copyOf(professionCodeSystems);
        specialtyCodeSystems = Set.copyOf(specialtyCodeSystems);
        homologationAllowList = Set.copyOf(homologationAllowList);
        Objects.requireNonNull(replayCache, "replayCache");
        Objects.requireNonNull(clock, "clock");
        if (trustAnchors.isEmpty() && trustedSigners.isEmpty()) {
            throw new IllegalArgumentException("a VIHF policy needs trust anchors or trusted signing certificates");
        }
    }

    public static Builder builder(VihfProfile profile) {
        return new Builder(profile);
    }

    /** Fluent builder with the project defaults of docs/vihf-air.md §6. */
    public static final class Builder {
        private final VihfProfile profile;
        private Set<TrustAnchor> trustAnchors = Set.of();
        private List<X509Certificate> intermediates = List.of();
        private List<X509Certificate> trustedSigners = List.of();
        private List<X509CRL> crls = List.of();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxLifetime = Duration.ofMinutes(10);
        private String expectedAudience;
        private Set<String> trustedIssuers = Set.of();
        private Set<String> acceptedVersions = Set.of("3.0", "4.0");
        private Set<String> acceptedAuthDeclarations = Set.of("APP_BROWSER_AUTH", "CONF_EXI_PGSSIS");
        private Set<String> professionCodeSystems = Set.of(Saml.PROFESSION_G15_OID, Saml.PROFESSION_G16_OID,
                Saml.PRODUCTEUR_NON_PS_A00_OID);
        private Set<String> specialtyCodeSystems = Set.of(Saml.SPECIALTY_RPPS_OID);
        private Set<String> homologationAllowList = Set.of();
        private boolean requireTlsClientCertificate;
        private boolean requireSameEstablishment;
        private boolean testInsAllowed = true;
        private ReplayCache replayCache;
        private Clock clock = Clock.systemUTC();

        private Builder(VihfProfile profile) {
            this.profile = profile;
            this.requireTlsClientCertificate = profile == VihfProfile.FR_DMP;
            this.requireSameEstablishment = profile == VihfProfile.FR_DMP;
        }

        public Builder trustAnchors(Set<TrustAnchor> v) { trustAnchors = v; return this; }
        public Builder intermediates(List<X509Certificate> v) { intermediates = v; return this; }
        public Builder trustedSigners(List<X509Certificate> v) { trustedSigners = v; return this; }
        public Builder crls(List<X509CRL> v) { crls = v; return this; }
        public Builder clockSkew(Duration v) { clockSkew = v; return this; }
        public Builder maxLifetime(Duration v) { maxLifetime = v; return this; }
        public Builder expectedAudience(String v) { expectedAudience = v; return this; }
        public Builder trustedIssuers(Set<String> v) { trustedIssuers = v; return this; }
        public Builder acceptedVersions(Set<String> v) { acceptedVersions = v; return this; }
        public Builder acceptedAuthDeclarations(Set<String> v) { acceptedAuthDeclarations = v; return this; }
        public Builder professionCodeSystems(Set<String> v) { professionCodeSystems = v; return this; }
        public Builder specialtyCodeSystems(Set<String> v) { specialtyCodeSystems = v; return this; }
        public Builder homologationAllowList(Set<String> v) { homologationAllowList = v; return this; }
        public Builder requireTlsClientCertificate(boolean v) { requireTlsClientCertificate = v; return this; }
        public Builder requireSameEstablishment(boolean v) { requireSameEstablishment = v; return this; }
        public Builder testInsAllowed(boolean v) { testInsAllowed = v; return this; }
        public Builder replayCache(ReplayCache v) { replayCache = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public VihfPolicy build() {
            return new VihfPolicy(profile, trustAnchors, intermediates, trustedSigners, crls, clockSkew, maxLifetime,
                    expectedAudience, trustedIssuers, acceptedVersions, acceptedAuthDeclarations,
                    professionCodeSystems, specialtyCodeSystems, homologationAllowList, requireTlsClientCertificate,
                    requireSameEstablishment, testInsAllowed,
                    replayCache != null ? replayCache : new InMemoryReplayCache(clock), clock);
        }
    }
}
