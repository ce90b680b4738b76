package org.passerelle.vihf;

import org.passerelle.certs.SamplePki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/** One sample PKI for the whole test JVM (generated once into a temporary folder), and helpers on top of it. */
final class TestPki {
    static final String PATIENT = "180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH";
    static final String OTHER_PATIENT = "275019912345692^^^&1.2.250.1.213.1.4.8&ISO^NH";

    private static SamplePki pki;

    static synchronized SamplePki pki() {
        if (pki == null) {
            try {
                Path dir = Files.createTempDirectory("vihf-test-pki-");
                dir.toFile().deleteOnExit();
                pki = SamplePki.generate(dir, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pki;
    }

    static X509Certificate cert(SamplePki.KeyMaterial km) {
        try {
            return km.certificate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey key(SamplePki.KeyMaterial km) {
        try {
            return km.privateKey(SamplePki.PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static VihfPolicy.Builder dmpPolicy() {
        try {
            return VihfPolicy.builder(VihfProfile.FR_DMP).trustAnchors(pki().trustAnchors())
                    .intermediates(List.of(pki().intermediate())).crls(pki().loadCrls()).clock(Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A complete, valid AIR VIHF of establishment 1 for {@link #PATIENT}, unsigned. */
    static VihfBuilder vihf() {
        SamplePki.Establishment e = pki().establishment(1);
        return VihfBuilder.create().issuer(cert(e.sign())).user("3" + e.identifier() + "/IDE-000042",
                        "EXEMPLE Marie, Urgences adultes")
                .structure(e.structureId()).activitySector("SA07")
                .profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                .air().purposeOfUse("normal").patient(PATIENT)
                .lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    static org.w3c.dom.Element signed(VihfBuilder b) {
        SamplePki.Establishment e = pki().establishment(1);
        return VihfSigner.sign(b.build(), key(e.sign()), cert(e.sign()));
    }

    static X509Certificate tls1() {
        return cert(pki().establishment(1).authCli());
    }

    private TestPki() { }

}
