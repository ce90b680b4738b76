package org.passerelle.gateway.security;

import org.passerelle.vihf.InMemoryReplayCache;
import org.passerelle.vihf.JdbcReplayCache;
import org.passerelle.vihf.ReplayCache;
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfVerifier;
import org.passerelle.vihf.tls.MutualTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the gateway's {@link VihfRequestAuthenticator} from configuration keys:
 * <pre>
 * security.vihf.profile          fr-dmp (default) | ihe
 * security.vihf.truststore       trust anchors of the VIHF signers and TLS clients (default: tls.truststore)
 * security.vihf.truststore.password                                    (default: tls.truststore.password)
 * security.vihf.intermediates    PEM files of intermediate CA certificates, comma-separated (needed when the trust
 *                                store holds only the root: the verifier sees the TLS leaf certificate alone)
 * security.vihf.signers          PEM files of explicitly trusted signing certificates, comma-separated
 * security.vihf.crls             CRL files, comma-separated (default: tls.crls)
 * security.vihf.clock-skew       seconds (default 60)
 * security.vihf.max-lifetime     seconds (default 600)
 * security.vihf.audience         ihe: the audience URI the assertion must name
 * security.vihf.issuers          ihe: accepted Issuer values, comma-separated (default: any trusted signer)
 * security.vihf.versions         accepted VIHF_Version values (default 3.0,4.0)
 * security.vihf.air-declarations accepted AIR AuthnContextDecl values (default APP_BROWSER_AUTH,CONF_EXI_PGSSIS;
 *                                AIR simplifié: CONF_EXI_PGSSIS only, R-85)
 * security.vihf.homologations    allowed LPS_ID_HOMOLOGATION_DMP values (default: any, with a warning; R-81)
 * security.vihf.ins-test-oids    accept the INS test/demo OIDs (default true)
 * security.vihf.require-tls      require a TLS client certificate (default: true for fr-dmp, false for ihe)
 * </pre>
 * The replay cache is the database's (shared by every node) when a data source is given, else in memory.
 */
public final class VihfSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(VihfSecurity.class);

    private VihfSecurity() { }

    public static VihfRequestAuthenticator fromProperties(Map<String, String> p, DataSource replayDatabaseOrNull)
            throws IOException, GeneralSecurityException {
        return new VihfRequestAuthenticator(new VihfVerifier(policy(p, replayDatabaseOrNull)));
    }

    public static VihfPolicy policy(Map<String, String> p, DataSource replayDatabaseOrNull)
            throws IOException, GeneralSecurityException {
        String profileName = p.getOrDefault("security.vihf.profile", "fr-dmp").trim().toLowerCase(Locale.ROOT);
        VihfProfile profile = switch (profileName) {
            case "fr-dmp", "fr_dmp" -> VihfProfile.FR_DMP;
            case "ihe", "ihe-xua", "ihe_xua" -> VihfProfile.IHE_XUA;
            default -> throw new IllegalArgumentException("security.vihf.profile must be fr-dmp or ihe, got '"
                    + profileName + "'");
        };
        VihfPolicy.Builder b = VihfPolicy.builder(profile);
        String ts = first(p, "security.vihf.truststore", "tls.truststore");
        if (ts != null) {
            KeyStore store = MutualTls.loadKeyStore(Path.of(ts),
                    first(p, "security.vihf.truststore.password", "tls.truststore.password"));
            Set<TrustAnchor> anchors = new HashSet<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    anchors.add(new TrustAnchor((X509Certificate) store.getCertificate(alias), null));
                }
            }
            b.trustAnchors(anchors);
        }
        b.intermediates(certificates(p.get("security.vihf.intermediates")));
        b.trustedSigners(certificates(p.get("security.vihf.signers")));
        List<X509CRL> crls = new ArrayList<>();
        for (Path f : paths(first(p, "security.vihf.crls", "tls.crls"))) {
            for (var crl : MutualTls.readCrls(f)) crls.add((X509CRL) crl);
        }
        b.crls(crls);
        if (p.containsKey("security.vihf.clock-skew")) {
            b.clockSkew(Duration.ofSeconds(Long.parseLong(p.get("security.vihf.clock-skew").trim())));
        }
        if (p.containsKey("security.vihf.max-lifetime")) {
            b.maxLifetime(Duration.ofSeconds(Long.parseLong(p.get("security.vihf.max-lifetime").trim())));
        }
        b.expectedAudience(p.get("security.vihf.audience"));
        b.trustedIssuers(list(p.get("security.vihf.issuers")));
        if (p.containsKey("security.vihf.versions")) b.acceptedVersions(list(p.get("security.vihf.versions")));
        if (p.containsKey("security.vihf.air-declarations")) {
            b.acceptedAuthDeclarations(list(p.get("security.vihf.air-declarations")));
        }
        Set<String> homologations = list(p.get("security.vihf.homologations"));
        b.homologationAllowList(homologations);
        if (profile == VihfProfile.FR_DMP && homologations.isEmpty()) {
            LOG.warn("security.vihf.homologations is empty: any LPS_ID_HOMOLOGATION_DMP is accepted (R-81)");
        }
        if (p.containsKey("security.vihf.ins-test-oids")) {
            b.testInsAllowed(Boolean.parseBoolean(p.get("security.vihf.ins-test-oids").trim()));
        }
        if (p.containsKey("security.vihf.require-tls")) {
            boolean tls = Boolean.parseBoolean(p.get("security.vihf.require-tls").trim());
            b.requireTlsClientCertificate(tls).requireSameEstablishment(tls && profile == VihfProfile.FR_DMP);
        }
        ReplayCache cache = replayDatabaseOrNull != null ? new JdbcReplayCache(replayDatabaseOrNull)
                : new InMemoryReplayCache();
        if (replayDatabaseOrNull == null) {
            LOG.warn("VIHF replay cache in memory: a token replayed on another gateway node would not be detected");
        }
        return b.replayCache(cache).build();
    }

    private static List<X509Certificate> certificates(String csv) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : paths(csv)) {
            try (var in = java.nio.file.Files.newInputStream(f)) {
                for (var c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
            }
        }
        return out;
    }

    private static String first(Map<String, String> p, String key, String fallback) {
        String v = p.get(key);
        if (v == null || v.isBlank()) v = p.get(fallback);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static List<Path> paths(String csv) {
        List<Path> out = new ArrayList<>();
        for (String s : list(csv)) out.add(Path.of(s));
        return out;
    }

    private static Set<String> list(String csv) {
        Set<String> out = new LinkedHashSet<>();
        if (csv == null) return out;
        for (String s : csv.split(",")) {
            if (!s.isBlank()) out.add(s.trim());
        }
        return out;
    }
}
