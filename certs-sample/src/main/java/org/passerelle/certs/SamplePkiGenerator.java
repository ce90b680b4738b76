package org.passerelle.certs;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

/** Generates a {@link SamplePki} with BouncyCastle: everything into a hidden temporary folder, then moved in place. */
final class SamplePkiGenerator {

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(730);
    private static final Duration CRL_VALIDITY = Duration.ofDays(365);

    private final int establishmentCount;
    private final SecureRandom random = new SecureRandom();
    private final Instant now = Instant.now();

    SamplePkiGenerator(int establishmentCount) {
        this.establishmentCount = establishmentCount;
    }

    SamplePki generate(Path outDir, boolean force) throws CertsException {
        if (establishmentCount < 2 || establishmentCount > 99) {
            throw new CertsException(CertsFailure.INVALID_ARGUMENT, null,
                    "--establishments must be between 2 and 99, got " + establishmentCount);
        }
        SamplePki target = SamplePki.layout(outDir.toAbsolutePath().normalize(), establishmentCount);
        if (!force) {
            Path existing = firstExisting(target);
            if (existing != null) {
                throw new CertsException(CertsFailure.OUTPUT_EXISTS, null, existing);
            }
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.dir());
            tmp = Files.createTempDirectory(target.dir(), ".generating-");
            write(SamplePki.layout(tmp, establishmentCount));
            moveAll(tmp, target.dir());
            return target;
        } catch (IOException e) {
            throw new CertsException(CertsFailure.WRITE_FAILED, e, target.dir(), e.getMessage());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new CertsException(CertsFailure.CRYPTO_FAILED, e, e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private static Path firstExisting(SamplePki pki) {
        List<Path> all = new ArrayList<>(List.of(pki.rootCaCert(), pki.intermediateCaCert(), pki.caChain(),
                pki.crls(), pki.trustStore(), pki.server().keyStore()));
        for (SamplePki.Establishment e : pki.establishments()) {
            all.add(e.authCli().keyStore());
            all.add(e.sign().keyStore());
        }
        all.add(pki.revoked().authCli().keyStore());
        all.add(pki.rogue().authCli().keyStore());
        return all.stream().filter(Files::exists).findFirst().orElse(null);
    }

    private void write(SamplePki pki) throws IOException, GeneralSecurityException, OperatorCreationException {
        Path ca = pki.rootCaCert().getParent();
        Files.createDirectories(ca);

        KeyPair rootKeys = newKeyPair(2048);
        X500Principal rootName = new X500Principal("CN=Passerelle Demo Root CA,O=Passerelle Demo PKI,C=FR");
        X509Certificate root = caCertificate(rootName, rootKeys, rootName, rootKeys.getPrivate(), null, -1);

        KeyPair intKeys = newKeyPair(2048);
        X509Certificate intermediate = caCertificate(
                new X500Principal("CN=Passerelle Demo Intermediate CA,O=Passerelle Demo PKI,C=FR"),
                intKeys, rootName, rootKeys.getPrivate(), root, 0);

        writePem(pki.rootCaCert(), root);
        writePem(ca.resolve("root-ca.key.pem"), new JcaPKCS8Generator(rootKeys.getPrivate(), null));
        writePem(pki.intermediateCaCert(), intermediate);
        writePem(ca.resolve("intermediate-ca.key.pem"), new JcaPKCS8Generator(intKeys.getPrivate(), null));
        writePem(pki.caChain(), intermediate, root);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root-ca", root);
        store(trust, pki.trustStore(), pki.password());

        Issuer issuer = new Issuer(intermediate, intKeys.getPrivate(), root);
        leaf(pki.server(), issuer, new X500Principal("CN=localhost,OU=Passerelle gateway,O=Passerelle Demo PKI,C=FR"),
                Kind.SERVER, pki.password());
        for (SamplePki.Establishment e : pki.establishments()) {
            establishment(e, issuer, pki.password());
        }
        List<BigInteger> revokedSerials = establishment(pki.revoked(), issuer, pki.password());

        KeyPair rogueKeys = newKeyPair(2048);
        X500Principal rogueName = new X500Principal("CN=Rogue Root CA,O=Not Trusted,C=FR");
        X509Certificate rogueRoot = caCertificate(rogueName, rogueKeys, rogueName, rogueKeys.getPrivate(), null, -1);
        Files.createDirectories(pki.rogue().authCli().keyStore().getParent());
        writePem(pki.rogue().authCli().keyStore().resolveSibling("rogue-ca.cert.pem"), rogueRoot);
        establishment(pki.rogue(), new Issuer(rogueRoot, rogueKeys.getPrivate(), null), pki.password());

        X509CRL rootCrl = crl(root, rootKeys.getPrivate(), List.of());
        X509CRL intCrl = crl(intermediate, intKeys.getPrivate(), revokedSerials);
        writePem(ca.resolve("root-ca.crl.pem"), rootCrl);
        writePem(ca.resolve("intermediate-ca.crl.pem"), intCrl);
        writePem(pki.crls(), rootCrl, intCrl);
    }

    private record Issuer(X509Certificate cert, PrivateKey key, X509Certificate parent) {
        X509Certificate[] chainFor(X509Certificate leaf) {
            return parent == null ? new X509Certificate[] {leaf, cert} : new X509Certificate[] {leaf, cert, parent};
        }
    }

    private enum Kind { SERVER, AUTH_CLI, SIGN }

    /** Writes the ORG_AUTH_CLI and ORG_SIGN of an establishment; returns their serial numbers. */
    private List<BigInteger> establishment(SamplePki.Establishment e, Issuer issuer, String password)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate auth = leaf(e.authCli(), issuer, orgName(e, "AUTH_CLI"), Kind.AUTH_CLI, password);
        X509Certificate sign = leaf(e.sign(), issuer, orgName(e, "SIGN"), Kind.SIGN, password);
        return List.of(auth.getSerialNumber(), sign.getSerialNumber());
    }

    /** IGC-Santé style: the structure's national id in OU. */
    private static X500Principal orgName(SamplePki.Establishment e, String usage) {
        return new X500Principal("CN=" + e.name() + " " + usage + ",OU=" + e.structureId() + ",O=" + e.name()
                + ",ST=Exemple (99),C=FR");
    }

    private X509Certificate leaf(SamplePki.KeyMaterial km, Issuer issuer, X500Principal subject, Kind kind,
                                 String password) throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(km.keyStore().getParent());
        KeyPair keys = newKeyPair(2048);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.cert().getSubjectX500Principal(),
                serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(LEAF_VALIDITY)), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.cert()));
        switch (kind) {
            case SERVER -> {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            case AUTH_CLI -> {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            case SIGN -> b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        }
        X509Certificate cert = sign(b, issuer.key());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(km.alias(), keys.getPrivate(), password.toCharArray(), issuer.chainFor(cert));
        store(ks, km.keyStore(), password);
        writePem(km.certPem(), cert);
        writePem(km.keyPem(), new JcaPKCS8Generator(keys.getPrivate(), null));
        return cert;
    }

    private X509Certificate caCertificate(X500Principal subject, KeyPair keys, X500Principal issuerName,
                                          PrivateKey issuerKey, X509Certificate issuerCert, int pathLen)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true,
                pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuerCert != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
        }
        return sign(b, issuerKey);
    }

    private X509CRL crl(X509Certificate issuer, PrivateKey key, List<BigInteger> revoked)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer, Date.from(now.minus(BACKDATE)));
        b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
        for (BigInteger serial : revoked) {
            b.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
        }
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CRLConverter().getCRL(b.build(signer));
    }

    private X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private KeyPair newKeyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, random);
        return g.generateKeyPair();
    }

    private static void store(KeyStore ks, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }

    private static void writePem(Path file, Object... objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                if (o instanceof JcaPKCS8Generator g) {
                    pem.writeObject(g);
                } else {
                    pem.writeObject(o);
                }
            }
        }
    }

    private static void moveAll(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path dest = to.resolve(from.relativize(f).toString());
            Files.createDirectories(dest.getParent());
            Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover hidden temporary folder is harmless
        }
    }
}
