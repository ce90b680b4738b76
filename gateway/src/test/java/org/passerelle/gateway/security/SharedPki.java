package org.passerelle.gateway.security;

import org.passerelle.certs.SamplePki;

import java.nio.file.Files;
import java.nio.file.Path;

/** One sample PKI (module certs-sample) per test JVM: generating RSA keys is the slow part of the security tests. */
public final class SharedPki {
    private static SamplePki pki;

    private SharedPki() {
    }

    public static synchronized SamplePki get() throws Exception {
        if (pki == null) {
            Path dir = Files.createTempDirectory("passerelle-gateway-pki-");
            dir.toFile().deleteOnExit();
            pki = SamplePki.generate(dir.resolve("pki"), false);
        }
        return pki;
    }
}
