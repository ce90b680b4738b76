package org.passerelle.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A small PKI for the gateway's security tests, made with the JDK's keytool (the gateway module has no test
 * dependency on certs-sample): a CA, the server certificate, for two establishments an ORG_AUTH_CLI (EKU clientAuth)
 * and, for the first, an ORG_SIGN certificate; a trust store with the CA. Revocation is covered by the vihf module's
 * tests on the certs-sample PKI (keytool makes no CRL).
 */
final class KeytoolPki {
    static final String PASSWORD = "changeit";
    static final String STRUCTURE_1 = "1999900012";
    static final String STRUCTURE_2 = "399999999900025";

    final Path dir;
    final Path trustStore;
    final Path server;
    final Path auth1;
    final Path sign1;
    final Path auth2;

    private KeytoolPki(Path dir) {
        this.dir = dir;
        this.trustStore = dir.resolve("truststore.p12");
        this.server = dir.resolve("server.p12");
        this.auth1 = dir.resolve("auth1.p12");
        this.sign1 = dir.resolve("sign1.p12");
        this.auth2 = dir.resolve("auth2.p12");
    }

    static KeytoolPki create(Path dir) throws Exception {
        KeytoolPki pki = new KeytoolPki(dir);
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=Gateway Test CA,O=Passerelle Test,C=FR", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                "-keystore", ca.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(), "-keystore", ca.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", pki.trustStore.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        pki.leaf(ca, caPem, pki.server, "server", "CN=localhost,O=Passerelle Test,C=FR",
                "EKU=serverAuth", "KU=digitalSignature,keyEncipherment", "SAN=dns:localhost,ip:127.0.0.1");
        pki.leaf(ca, caPem, pki.auth1, "auth-cli", org("AUTH_CLI", STRUCTURE_1), "EKU=clientAuth",
                "KU=digitalSignature,keyEncipherment");
        pki.leaf(ca, caPem, pki.sign1, "sign", org("SIGN", STRUCTURE_1), "KU=digitalSignature,nonRepudiation");
        pki.leaf(ca, caPem, pki.auth2, "auth-cli", org("AUTH_CLI", STRUCTURE_2), "EKU=clientAuth",
                "KU=digitalSignature,keyEncipherment");
        return pki;
    }

    private static String org(String usage, String structure) {
        return "CN=ETAB " + structure + " " + usage + ",OU=" + structure + ",O=ETAB " + structure + ",ST=Exemple,C=FR";
    }

    private void leaf(Path ca, Path caPem, Path store, String alias, String dname, String... ext) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12");
        Path csr = dir.resolve(alias + "-" + store.getFileName() + ".csr");
        Path pem = dir.resolve(store.getFileName() + ".pem");
        keytool("-certreq", "-alias", alias, "-file", csr.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-validity", "30",
                "-infile", csr.toString(), "-outfile", pem.toString(), "-keystore", ca.toString(), "-storepass", PASSWORD));
        for (String e : ext) {
            gencert.add("-ext");
            gencert.add(e);
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    static KeyStore load(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    static PrivateKey key(Path store, String alias) throws Exception {
        return (PrivateKey) load(store).getKey(alias, PASSWORD.toCharArray());
    }

    static X509Certificate cert(Path store, String alias) throws Exception {
        return (X509Certificate) load(store).getCertificate(alias);
    }

    X509Certificate caCert() throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
