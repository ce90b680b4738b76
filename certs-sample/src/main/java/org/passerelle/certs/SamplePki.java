package org.passerelle.certs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A generated demo PKI: every file path and the (fixed, documented) password. Made by {@link #generate(Path, boolean)}.
 * <p>
 * Layout (deterministic names, relative to {@link #dir()}):
 * <pre>
 * ca/root-ca.cert.pem  ca/root-ca.key.pem  ca/root-ca.crl.pem
 * ca/intermediate-ca.cert.pem  ca/intermediate-ca.key.pem  ca/intermediate-ca.crl.pem
 * ca/ca-chain.pem (intermediate + root)   ca/crls.pem (both CRLs)
 * truststore.p12                (the root CA: trust anchor for the gateway and for clients)
 * gateway/server.p12 + .cert.pem + .key.pem   (TLS server, CN=localhost, SAN localhost / 127.0.0.1)
 * etab1/auth-cli.*  etab1/sign.*  etab2/…    (ORG_AUTH_CLI and ORG_SIGN of each establishment)
 * revoked/auth-cli.*  revoked/sign.*          (same establishment as etab1, revoked in the intermediate's CRL)
 * rogue/rogue-ca.cert.pem  rogue/auth-cli.*  rogue/sign.*   (claims etab1's identity, from an untrusted CA)
 * </pre>
 *
 * @param dir            the output folder
 * @param password       password of every PKCS#12 file and of its keys ({@link #PASSWORD})
 * @param rootCaCert     root CA certificate (PEM)
 * @param intermediateCaCert intermediate CA certificate (PEM), issuer of every end-entity certificate
 * @param caChain        intermediate then root (PEM)
 * @param crls           the root's and the intermediate's CRLs (PEM, concatenated)
 * @param trustStore     PKCS#12 trust store holding the root CA (alias {@code root-ca})
 * @param server         the gateway's TLS server key and certificate
 * @param establishments the sample establishments (at least two; odd ones identified by FINESS, even by SIRET)
 * @param revoked        certificates of establishment 1 whose serial numbers are in the intermediate's CRL
 * @param rogue          certificates claiming establishment 1's identity, issued by an untrusted CA
 */
public record SamplePki(Path dir, String password, Path rootCaCert, Path intermediateCaCert, Path caChain,
                        Path crls, Path trustStore, KeyMaterial server, List<Establishment> establishments,
                        Establishment revoked, Establishment rogue) {

    /** The demo password of every generated PKCS#12 file and key. Never use this PKI outside tests and demos. */
    public static final String PASSWORD = "changeit";

    public SamplePki {
        establishments = List.copyOf(establishments);
    }

    /** Generates the PKI with two establishments into {@code outDir}; refuses to overwrite unless {@code force}. */
    public static SamplePki generate(Path outDir, boolean force) throws CertsException {
        return generate(outDir, force, 2);
    }

    /** Generates the PKI with {@code establishmentCount} (≥ 2) establishments. */
    public static SamplePki generate(Path outDir, boolean force, int establishmentCount) throws CertsException {
        return new SamplePkiGenerator(establishmentCount).generate(outDir, force);
    }

    /** The files {@link #generate} would write for that many establishments, relative to the output folder. */
    public static SamplePki layout(Path dir, int establishmentCount) {
        List<Establishment> etabs = new ArrayList<>();
        for (int i = 1; i <= establishmentCount; i++) {
            etabs.add(Establishment.sample(i, dir.resolve("etab" + i)));
        }
        Establishment first = etabs.get(0);
        return new SamplePki(dir, PASSWORD, dir.resolve("ca/root-ca.cert.pem"),
                dir.resolve("ca/intermediate-ca.cert.pem"), dir.resolve("ca/ca-chain.pem"), dir.resolve("ca/crls.pem"),
                dir.resolve("truststore.p12"), KeyMaterial.at(dir.resolve("gateway"), "server"), etabs,
                first.relocated("revoked", dir.resolve("revoked")), first.relocated("rogue", dir.resolve("rogue")));
    }

    /** An establishment of the sample PKI. */
    public record Establishment(String name, String structureId, String identifierType, String identifier,
                                KeyMaterial authCli, KeyMaterial sign) {

        static Establishment sample(int index, Path folder) {
            boolean finess = index % 2 == 1;
            String base = String.format("%08d", 99_990_000 + index);
            String identifier = finess ? Luhn.complete(base) : Luhn.complete("99999" + base);
            String name = finess ? "CENTRE HOSPITALIER EXEMPLE " + index : "CLINIQUE EXEMPLE " + index;
            return new Establishment(name, (finess ? "1" : "3") + identifier, finess ? "FINESS" : "SIRET", identifier,
                    KeyMaterial.at(folder, "auth-cli"), KeyMaterial.at(folder, "sign"));
        }

        Establishment relocated(String label, Path folder) {
            return new Establishment(name, structureId, identifierType, identifier,
                    KeyMaterial.at(folder, "auth-cli"), KeyMaterial.at(folder, "sign"));
        }
    }

    /** A key pair with its certificate: {@code <name>.p12} (alias = name), {@code <name>.cert.pem}, {@code <name>.key.pem}. */
    public record KeyMaterial(Path keyStore, String alias, Path certPem, Path keyPem) {

        static KeyMaterial at(Path folder, String name) {
            return new KeyMaterial(folder.resolve(name + ".p12"), name, folder.resolve(name + ".cert.pem"),
                    folder.resolve(name + ".key.pem"));
        }

        /** Loads the PKCS#12 file. */
        public KeyStore load(String password) throws IOException, GeneralSecurityException {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, password.toCharArray());
            }
            return ks;
        }

        public java.security.PrivateKey privateKey(String password) throws IOException, GeneralSecurityException {
            return (java.security.PrivateKey) load(password).getKey(alias, password.toCharArray());
        }

        public X509Certificate certificate() throws IOException, GeneralSecurityException {
            return readCertificates(certPem).get(0);
        }
    }

    /** The root CA as a trust anchor. */
    public Set<TrustAnchor> trustAnchors() throws IOException, GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : readCertificates(rootCaCert)) {
            anchors.add(new TrustAnchor(c, null));
        }
        return anchors;
    }

    /** The intermediate CA certificate (needed to build chains from end-entity certificates). */
    public X509Certificate intermediate() throws IOException, GeneralSecurityException {
        return readCertificates(intermediateCaCert).get(0);
    }

    /** Both CRLs. */
    public List<X509CRL> loadCrls() throws IOException, GeneralSecurityException {
        return readCrls(crls);
    }

    public Establishment establishment(int oneBasedIndex) {
        return establishments.get(oneBasedIndex - 1);
    }

    public static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return Collections.unmodifiableList(out);
        }
    }

    public static List<X509CRL> readCrls(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509CRL> out = new ArrayList<>();
            for (CRL c : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                out.add((X509CRL) c);
            }
            return Collections.unmodifiableList(out);
        }
    }
}
