package org.passerelle.vihf.tls;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * JSSE material for mutual TLS, built from files: key managers from a PKCS#12 key store, and PKIX trust managers that
 * require the peer to chain to the trust store's anchors and check revocation against the given CRL files (no
 * network fetching: CRL distribution points and OCSP are not consulted). TLS 1.2 and 1.3 only.
 */
public final class MutualTls {

    /** The protocols offered and accepted. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private MutualTls() { }

    public static KeyStore loadKeyStore(Path file, String password) throws IOException, GeneralSecurityException {
        String type = file.toString().toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }

    /** Key managers over a key store holding the local key (server key, or the ORG_AUTH_CLI key of a client). */
    public static KeyManager[] keyManagers(Path keyStore, String storePassword, String keyPassword)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(loadKeyStore(keyStore, storePassword),
                (keyPassword != null ? keyPassword : storePassword).toCharArray());
        return kmf.getKeyManagers();
    }

    /**
     * Trust managers: every trusted-certificate entry of {@code trustStore} is an anchor; with CRL files, revocation
     * is checked for every certificate of the peer's chain (each issuing CA needs its CRL in the files).
     */
    public static TrustManager[] trustManagers(Path trustStore, String password, List<Path> crlFiles)
            throws IOException, GeneralSecurityException {
        KeyStore anchors = loadKeyStore(trustStore, password);
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        List<CRL> crls = new ArrayList<>();
        for (Path f : crlFiles == null ? List.<Path>of() : crlFiles) {
            crls.addAll(readCrls(f));
        }
        if (!crls.isEmpty()) {
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        }
        params.setRevocationEnabled(!crls.isEmpty());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(new CertPathTrustManagerParameters(params));
        return tmf.getTrustManagers();
    }

    public static Collection<? extends CRL> readCrls(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCRLs(in);
        }
    }

    /** A client SSLContext: the establishment's ORG_AUTH_CLI key store and the trust store of the gateway's CA. */
    public static SSLContext clientContext(Path keyStore, String keyStorePassword, Path trustStore,
                                           String trustStorePassword) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyStore == null ? null : keyManagers(keyStore, keyStorePassword, null),
                trustManagers(trustStore, trustStorePassword, List.of()), null);
        return ctx;
    }
}
