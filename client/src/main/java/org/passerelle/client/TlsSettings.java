package org.passerelle.client;

import org.apache.cxf.configuration.jsse.TLSClientParameters;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Mutual TLS from PKCS#12 stores: the establishment's ORG AUTH_CLI key (key store) and the CA that issued the
 * gateway's certificate (trust store). Either may be null (no client certificate / the JDK trust store).
 */
public record TlsSettings(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {

    TLSClientParameters toCxf() throws ClientException {
        TLSClientParameters p = new TLSClientParameters();
        p.setSecureSocketProtocol("TLSv1.2");
        p.setDisableCNCheck(false);
        try {
            if (keyStore != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
                p.setKeyManagers(kmf.getKeyManagers());
            }
            if (trustStore != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustStore, trustStorePassword));
                p.setTrustManagers(tmf.getTrustManagers());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw ClientFailure.TLS.exception(e, e.getMessage());
        }
        return p;
    }

    static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return ks;
    }
}
