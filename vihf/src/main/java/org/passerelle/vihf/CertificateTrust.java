package org.passerelle.vihf;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a certificate is trusted: explicitly configured, or chaining (PKIX) to a configured anchor, within
 * validity, not revoked by the configured CRLs, with the key usage its role needs. Positive results are cached for a
 * minute (the CRLs of a policy do not change; a new policy builds a new verifier).
 */
final class CertificateTrust {

    enum Usage { SIGNING, TLS_CLIENT }

    /** Why a certificate is refused; {@code revoked} distinguishes a revocation from other failures. */
    static final class Rejected extends Exception {
        final boolean revoked;

        Rejected(String message, boolean revoked) {
            super(message);
            this.revoked = revoked;
        }
    }

    private static final long CACHE_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final int CACHE_MAX = 10_000;
    private static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final List<X509Certificate> explicit;
    private final List<X509CRL> crls;
    private final Clock clock;
    private final Map<X509Certificate, Long> validUntil = new ConcurrentHashMap<>();

    CertificateTrust(Set<TrustAnchor> anchors, List<X509Certificate> intermediates, List<X509Certificate> explicit,
                     List<X509CRL> crls, Clock clock) {
        this.anchors = anchors;
        this.intermediates = intermediates;
        this.explicit = explicit;
        this.crls = crls;
        this.clock = clock;
    }

    List<X509Certificate> explicitlyTrusted() {
        return explicit;
    }

    void check(X509Certificate cert, List<X509Certificate> presentedChain, Usage usage) throws Rejected {
        long now = clock.millis();
        Long until = validUntil.get(cert);
        if (until != null && until > now) {
            return;
        }
        checkUsage(cert, usage);
        try {
            cert.checkValidity(new Date(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new Rejected("outside its validity period (" + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")", false);
        }
        for (X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal()) && crl.isRevoked(cert)) {
                throw new Rejected("revoked (serial " + cert.getSerialNumber().toString(16) + ")", true);
            }
        }
        if (!explicit.contains(cert)) {
            buildPath(cert, presentedChain, now);
        }
        if (validUntil.size() > CACHE_MAX) {
            validUntil.clear();
        }
        validUntil.put(cert, Math.min(now + CACHE_MILLIS, cert.getNotAfter().getTime()));
    }

    private void buildPath(X509Certificate cert, List<X509Certificate> presentedChain, long now) throws Rejected {
        if (anchors.isEmpty()) {
            throw new Rejected("it is not one of the configured trusted signing certificates", false);
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(cert);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            List<Object> store = new ArrayList<>();
            store.add(cert);
            store.addAll(intermediates);
            store.addAll(presentedChain);
            store.addAll(crls);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            params.setRevocationEnabled(!crls.isEmpty());
            params.setDate(new Date(now));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (CertPathBuilderException e) {
            boolean revoked = String.valueOf(e.getMessage()).toLowerCase().contains("revok")
                    || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).toLowerCase().contains("revok"));
            throw new Rejected(revoked ? "a certificate of its chain is revoked"
                    : "it does not chain to a configured trust anchor (" + e.getMessage() + ")", revoked);
        } catch (GeneralSecurityException e) {
            throw new Rejected("path validation failed: " + e.getMessage(), false);
        }
    }

    private static void checkUsage(X509Certificate cert, Usage usage) throws Rejected {
        boolean[] ku = cert.getKeyUsage();
        if (usage == Usage.SIGNING) {
            if (ku != null && !ku[0] && !ku[1]) {
                throw new Rejected("its key usage allows neither digitalSignature nor nonRepudiation", false);
            }
            return;
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku == null || !eku.contains(EKU_CLIENT_AUTH)) {
                throw new Rejected("it is not a TLS client certificate (extended key usage clientAuth required,"
                        + " as in an ORG_AUTH_CLI certificate)", false);
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new Rejected("unreadable extended key usage", false);
        }
    }

    /** The establishment identity of an IGC-Santé style subject: its OU, or null. */
    static String establishmentOf(X509Certificate cert) {
        if (cert == null) return null;
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
