package org.passerelle.conformance.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The runner's TLS context from PKCS#12 files: a client key for mutual TLS and the anchors of the server. */
public final class ClientTls {
    private ClientTls() {}

    /**
     * @param keyStore   PKCS#12 client key and certificate, null for no client certificate
     * @param trustStore PKCS#12 trust anchors of the endpoint's certificate, null for the JDK's
     */
    public static SSLContext fromPkcs12(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            KeyStore ks = load(keyStore, keyStorePassword);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keyStorePassword.toCharArray());
        }
        TrustManagerFactory tmf = null;
        if (trustStore != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore, trustStorePassword));
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
