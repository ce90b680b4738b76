package org.passerelle.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.passerelle.certs.SamplePki;

/** One sample PKI per test JVM (generating RSA keys is the slow part of the security tests). */
final class SharedPki {
    private static SamplePki pki;

    private SharedPki() {}

    static synchronized SamplePki get() throws Exception {
        if (pki == null) {
            Path dir = Files.createTempDirectory("conformance-test-pki-");
            pki = SamplePki.generate(dir.resolve("pki"), false);
        }
        return pki;
    }
}
