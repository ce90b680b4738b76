package org.passerelle.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A private key and its certificate chain from a PKCS#12 file (the establishment's ORG SIGN). */
record SigningKey(PrivateKey key, List<X509Certificate> chain) {

    /** @param alias the key entry, or null for the first key entry of the store */
    static SigningKey load(Path keyStore, String password, String alias) throws ClientException {
        try {
            char[] pwd = password == null ? new char[0] : password.toCharArray();
            KeyStore ks = TlsSettings.load(keyStore, pwd);
            String a = alias;
            if (a == null) {
                for (String candidate : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(candidate)) {
                        a = candidate;
                        break;
                    }
                }
                if (a == null) {
                    throw new GeneralSecurityException("no key entry in " + keyStore);
                }
            }
            PrivateKey key = (PrivateKey) ks.getKey(a, pwd);
            Certificate[] certs = ks.getCertificateChain(a);
            if (key == null || certs == null || certs.length == 0) {
                throw new GeneralSecurityException("no key and certificate under alias " + a + " in " + keyStore);
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            return new SigningKey(key, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw ClientFailure.SIGNING.exception(e, keyStore + ": " + e.getMessage());
        }
    }
}
