package org.passerelle.certs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SamplePkiTest {

    @TempDir
    static Path tmp;
    static SamplePki pki;

    @BeforeAll
    static void generate() throws Exception {
        pki = SamplePki.generate(tmp.resolve("pki"), false);
    }

    private void validate(X509Certificate leaf) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(pki.trustAnchors());
        List<Object> store = new ArrayList<>(pki.loadCrls());
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        params.setRevocationEnabled(true);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(leaf, pki.intermediate())), params);
    }

    private static String ou(X509Certificate c) throws Exception {
        for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("OU")) return rdn.getValue().toString();
        }
        return null;
    }

    @Test
    void establishmentCertificatesChainToTheRootAndCarryTheStructureId() throws Exception {
        assertEquals(2, pki.establishments().size());
        assertEquals("FINESS", pki.establishment(1).identifierType());
        assertEquals("SIRET", pki.establishment(2).identifierType());
        assertTrue(Luhn.isValid(pki.establishment(1).identifier()));
        assertEquals(9, pki.establishment(1).identifier().length());
        assertEquals(14, pki.establishment(2).identifier().length());
        assertNotEquals(pki.establishment(1).structureId(), pki.establishment(2).structureId());
        for (SamplePki.Establishment e : pki.establishments()) {
            X509Certificate auth = e.authCli().certificate();
            X509Certificate sign = e.sign().certificate();
            validate(auth);
            validate(sign);
            assertEquals(e.structureId(), ou(auth));
            assertEquals(e.structureId(), ou(sign));
            assertTrue(auth.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "ORG_AUTH_CLI is a TLS client");
            assertTrue(sign.getKeyUsage()[1], "ORG_SIGN has nonRepudiation");
        }
        validate(pki.server().certificate());
        assertTrue(pki.server().certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
    }

    @Test
    void keyStoresHoldTheMatchingPrivateKeyUnderTheDemoPassword() throws Exception {
        SamplePki.KeyMaterial km = pki.establishment(2).sign();
        PrivateKey key = km.privateKey(SamplePki.PASSWORD);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(km.certificate());
        s.update(new byte[] {1, 2, 3});
        assertTrue(s.verify(sig));
        assertEquals(3, km.load("changeit").getCertificateChain("sign").length);
        assertTrue(pki.trustStore().toFile().isFile());
        assertTrue(Files.readString(km.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void revokedCertificatesAreInTheCrlAndRogueOnesDoNotChain() throws Exception {
        CertPathValidatorException revoked = assertThrows(CertPathValidatorException.class,
                () -> validate(pki.revoked().authCli().certificate()));
        assertEquals(CertPathValidatorException.BasicReason.REVOKED, revoked.getReason());
        assertThrows(CertPathValidatorException.class, () -> validate(pki.revoked().sign().certificate()));
        assertEquals(pki.establishment(1).structureId(), ou(pki.rogue().sign().certificate()));
        CertPathValidatorException rogue = assertThrows(CertPathValidatorException.class,
                () -> validate(pki.rogue().authCli().certificate()));
        assertNotEquals(CertPathValidatorException.BasicReason.REVOKED, rogue.getReason());
        assertNotEquals(PKIXReason.NOT_CA_CERT, rogue.getReason());
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        CertsException e = assertThrows(CertsException.class, () -> SamplePki.generate(pki.dir(), false));
        assertEquals(CertsFailure.OUTPUT_EXISTS, e.failure());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void commandLineGeneratesAndForceOverwrites() throws Exception {
        Path out = tmp.resolve("cli");
        CommandLine cli = new CommandLine(new CertsSampleCommand());
        assertEquals(0, cli.execute("generate", "--out", out.toString(), "--establishments", "3"));
        assertTrue(Files.isRegularFile(out.resolve("etab3/sign.p12")));
        byte[] before = Files.readAllBytes(out.resolve("ca/root-ca.cert.pem"));
        assertEquals(CertsFailure.OUTPUT_EXISTS.exitCode(), cli.execute("generate", "--out", out.toString()));
        assertArrayEquals(before, Files.readAllBytes(out.resolve("ca/root-ca.cert.pem")), "nothing overwritten");
        assertEquals(0, cli.execute("generate", "--out", out.toString(), "--force"));
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("ca/root-ca.cert.pem"))));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".generating")), "no temporary left");
        }
        assertEquals(CertsFailure.INVALID_ARGUMENT.exitCode(),
                cli.execute("generate", "--out", tmp.resolve("x").toString(), "--establishments", "1"));
        assertEquals(0, cli.execute("generate", "--help"));
    }
}
