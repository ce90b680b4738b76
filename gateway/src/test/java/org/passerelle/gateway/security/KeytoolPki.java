package org.passerelle.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for the gateway's security tests, made with the JDK's keytool (the gateway module has no test
 * dependency on certs-sample): self-signed server certificate, ORG_AUTH_CLI (EKU clientAuth) of two establishments,
 * ORG_SIGN of the first (trusted as an explicit signer), and one trust store holding the server and client
 * certificates as anchors. Chains, CRLs and revocation are covered by the vihf module's tests on the certs-sample PKI.
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
        pki.selfSigned(pki.server, "server", "CN=localhost,O=Passerelle Test,C=FR",
                "EKU=serverAuth", "KU=digitalSignature,keyEncipherment", "SAN=dns:localhost,ip:127.0.0.1");
        pki.selfSigned(pki.auth1, "auth-cli", org("AUTH_CLI", STRUCTURE_1), "EKU=clientAuth",
                "KU=digitalSignature,keyEncipherment");
        pki.selfSigned(pki.sign1, "sign", org("SIGN", STRUCTURE_1), "KU=digitalSignature,nonRepudiation");
        pki.selfSigned(pki.auth2, "auth-cli", org("AUTH_CLI", STRUCTURE_2), "EKU=clientAuth",
                "KU=digitalSignature,keyEncipherment");
        // one trust store for both sides: the server certificate (for clients) and the two client certificates
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert(pki.server, "server"));
        trust.setCertificateEntry("auth1", cert(pki.auth1, "auth-cli"));
        trust.setCertificateEntry("auth2", cert(pki.auth2, "auth-cli"));
        try (var out = Files.newOutputStream(pki.trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return pki;
    }

    private static String org(String usage, String structure) {
        return "CN=ETAB " + structure + " " + usage + ",OU=" + structure + ",O=ETAB " + structure + ",ST=Exemple,C=FR";
    }

    /** One keytool launch per certificate (self-signed with the extensions of its role): cheap on a busy machine. */
    private void selfSigned(Path store, String alias, String dname, String... ext) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize",
                "2048", "-validity", "30", "-dname", dname, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-storetype", "PKCS12"));
        for (String e : ext) {
            args.add("-ext");
            args.add(e);
        }
        keytool(args.toArray(String[]::new));
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
}
