package org.passerelle.client;

import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.WsSecurity;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code xds-client sign-vihf}: builds a VIHF (docs/vihf-air.md) and signs it with the ORG SIGN key. */
@Command(name = "sign-vihf", mixinStandardHelpOptions = true,
        description = "Build a VIHF assertion and sign it with the establishment's ORG SIGN key; use it with --vihf.")
final class SignVihfCommand implements Callable<Integer> {
    @Option(names = "--sign-keystore", required = true, description = "PKCS#12 holding the ORG SIGN key and certificate")
    Path keyStore;
    @Option(names = "--sign-password", defaultValue = "${env:XDS_CLIENT_SIGN_PASSWORD}", description = "its password (default: env XDS_CLIENT_SIGN_PASSWORD)")
    String password;
    @Option(names = "--alias", description = "key alias (default: the first key entry)")
    String alias;
    @Option(names = "--user-id", required = true, description = "Subject NameID: the user's national or internal id")
    String userId;
    @Option(names = "--user-name", required = true, description = "subject-id: readable identity, e.g. 'DUPONT Jean'")
    String userName;
    @Option(names = "--structure", required = true, description = "Identifiant_Structure: 1+FINESS or 3+SIRET")
    String structure;
    @Option(names = "--sector", defaultValue = "SA01", description = "Secteur_Activite code of TRE_R02 (default SA01)")
    String sector;
    @Option(names = "--profession", defaultValue = "10", description = "profession code of TRE_G15 (default 10 Médecin)")
    String profession;
    @Option(names = "--profession-display", defaultValue = "Médecin")
    String professionDisplay;
    @Option(names = "--specialty", description = "specialty code (e.g. SM26), required for physicians by the DMP")
    String specialty;
    @Option(names = "--specialty-display", defaultValue = "")
    String specialtyDisplay;
    @Option(names = "--patient", description = "resource-id: the patient's INS CX")
    String patient;
    @Option(names = "--purpose", defaultValue = "normal", description = "purposeofuse: normal, bris_de_glace, centre_15")
    String purpose;
    @Option(names = "--air", description = "AIR mode (Authentification_Mode INDIRECTE_RENFORCEE)")
    boolean air;
    @Option(names = "--lps", defaultValue = "PASSERELLE-XDS-CLIENT:0.1.0:TST-0000000-tmp1", description = "name:version:homologation of the software")
    String lps;
    @Option(names = "--lifetime", defaultValue = "5", description = "validity in minutes (default 5)")
    int lifetimeMinutes;
    @Option(names = "--out", description = "output file (default: standard output)")
    Path out;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ClientException {
        SigningKey k = SigningKey.load(keyStore, password, alias);
        PrivateKey key = k.key();
        X509Certificate certificate = k.chain().get(0);
        String[] l = lps.split(":", 3);
        if (l.length != 3) {
            throw ClientFailure.USAGE.exception("--lps must be name:version:homologation, not " + lps);
        }
        VihfBuilder b = VihfBuilder.create().issuer(certificate).user(userId, userName).structure(structure)
                .activitySector(sector).profession(profession, professionDisplay).purposeOfUse(purpose)
                .lps(l[0], l[1], l[2]).validity(Instant.now(), Duration.ofMinutes(lifetimeMinutes));
        if (specialty != null) {
            b.specialty(specialty, specialtyDisplay);
        }
        if (patient != null) {
            b.patient(patient);
        }
        if (air) {
            b.air();
        }
        Element signed = VihfSigner.sign(b.build(), key, certificate);
        String xml = WsSecurity.toString(signed);
        if (out == null) {
            spec.commandLine().getOut().println(xml);
        } else {
            try {
                Files.writeString(out, xml);
            } catch (IOException e) {
                throw ClientFailure.IO.exception(e, "cannot write " + out + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("VIHF signed by " + certificate.getSubjectX500Principal().getName()
                    + ", valid " + lifetimeMinutes + " min, written to " + out);
        }
        return 0;
    }
}
