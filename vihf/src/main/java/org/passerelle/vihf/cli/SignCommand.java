package org.passerelle.vihf.cli;

import org.passerelle.vihf.SecureXml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfException;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Builds a VIHF for a user of the establishment and signs it with the establishment's ORG_SIGN key. Every attribute
 * comes from an option or from a profile file (Java properties whose keys are the option names without dashes, e.g.
 * {@code structure=1999900012}); options win over the file.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Builds and signs a VIHF; writes the assertion, a SOAP 1.2 envelope with it in wsse:Security",
                "(--envelope), or an existing SOAP request with the assertion added (--into FILE)."})
final class SignCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "FILE", description = "properties file with default values for the options below")
    Path profile;
    @Option(names = "--key", paramLabel = "P12", description = "PKCS#12 key store of the ORG_SIGN certificate (key: key)")
    Path key;
    @Option(names = "--password", description = "key store password (key: password)")
    String password;
    @Option(names = "--alias", description = "key alias (default: the first key entry) (key: alias)")
    String alias;
    @Option(names = "--user", description = "Subject/NameID, the user's identifier (key: user)")
    String user;
    @Option(names = "--name", description = "subject-id: name, first name, department (key: name)")
    String name;
    @Option(names = "--structure", description = "Identifiant_Structure (default: the OU of the signing certificate)")
    String structure;
    @Option(names = "--sector", description = "Secteur_Activite code, e.g. SA07 (key: sector)")
    String sector;
    @Option(names = "--profession", description = "profession code (TRE_G15), e.g. 10 (key: profession)")
    String profession;
    @Option(names = "--profession-name", description = "its display name (key: profession-name)")
    String professionName;
    @Option(names = "--specialty", description = "specialty code, mandatory for physicians and pharmacists, e.g. SM26")
    String specialty;
    @Option(names = "--specialty-name", description = "its display name")
    String specialtyName;
    @Option(names = "--mode", description = "Authentification_Mode: INDIRECTE, INDIRECTE_RENFORCEE (AIR), DIRECTE")
    String mode;
    @Option(names = "--purpose", description = "purposeofuse: normal, bris_de_glace, centre_15 (default normal)")
    String purpose;
    @Option(names = "--patient", description = "resource-id: the patient's INS, e.g. 180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH")
    String patient;
    @Option(names = "--lps-name", description = "LPS_Nom") String lpsName;
    @Option(names = "--lps-version", description = "LPS_Version") String lpsVersion;
    @Option(names = "--homologation", description = "LPS_ID_HOMOLOGATION_DMP") String homologation;
    @Option(names = "--lifetime", description = "validity in seconds (default 300)") Long lifetime;
    @Option(names = "--envelope", description = "write a SOAP 1.2 envelope with the assertion in wsse:Security")
    boolean envelope;
    @Option(names = "--into", paramLabel = "SOAP", description = "add the assertion to the wsse:Security header of this SOAP request")
    Path into;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (default: standard output)")
    Path out;

    private Properties defaults = new Properties();

    @Override
    public Integer call() {
        try {
            if (profile != null) {
                try (InputStream in = Files.newInputStream(profile)) {
                    defaults.load(in);
                }
            }
            Path keyFile = Path.of(required(key == null ? null : key.toString(), "key"));
            String pw = value(password, "password");
            KeyStore ks = MutualTls.loadKeyStore(keyFile, pw);
            String a = value(alias, "alias");
            if (a == null) {
                a = Collections.list(ks.aliases()).stream().filter(x -> {
                    try { return ks.isKeyEntry(x); } catch (GeneralSecurityException e) { return false; }
                }).findFirst().orElseThrow(() -> new IllegalArgumentException(keyFile + " holds no private key"));
            }
            PrivateKey pk = (PrivateKey) ks.getKey(a, pw == null ? null : pw.toCharArray());
            X509Certificate cert = (X509Certificate) ks.getCertificate(a);
            String struct = value(structure, "structure");
            if (struct == null) struct = ouOf(cert);
            VihfBuilder b = VihfBuilder.create().issuer(cert)
                    .user(required(user, "user"), required(name, "name"))
                    .structure(required(struct, "structure")).activitySector(required(sector, "sector"))
                    .profession(required(profession, "profession"), value(professionName, "profession-name"))
                    .authenticationMode(value(mode, "mode") == null ? "INDIRECTE" : value(mode, "mode"))
                    .purposeOfUse(value(purpose, "purpose") == null ? "normal" : value(purpose, "purpose"))
                    .patient(required(patient, "patient"))
                    .lps(required(lpsName, "lps-name"), required(lpsVersion, "lps-version"),
                            required(homologation, "homologation"))
                    .validity(Instant.now(), Duration.ofSeconds(lifetime != null ? lifetime
                            : Long.parseLong(defaults.getProperty("lifetime", "300"))));
            if (value(specialty, "specialty") != null) {
                b.specialty(value(specialty, "specialty"), value(specialtyName, "specialty-name"));
            }
            if ("INDIRECTE_RENFORCEE".equals(value(mode, "mode"))) b.air();
            Element assertion = VihfSigner.sign(b.build(), pk, cert);
            byte[] result;
            if (into != null) {
                Document request = SecureXml.parse(Files.readAllBytes(into));
                WsSecurity.addToHeader(request, assertion);
                result = WsSecurity.toBytes(request);
            } else if (envelope) {
                result = WsSecurity.toBytes(WsSecurity.envelope(assertion));
            } else {
                result = WsSecurity.toBytes(assertion);
            }
            if (out != null) {
                Files.write(out, result);
                System.err.println("VIHF " + assertion.getAttributeNS(null, "ID") + " written to " + out);
            } else {
                System.out.write(result);
                System.out.println();
                System.out.flush();
            }
            return VihfCommand.OK;
        } catch (IllegalArgumentException e) {
            System.err.println("vihf sign: " + e.getMessage());
            return VihfCommand.USAGE;
        } catch (VihfException e) {
            System.err.println("vihf sign: " + e.getMessage());
            return VihfCommand.USAGE;
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("vihf sign: " + e.getMessage());
            return VihfCommand.IO_ERROR;
        }
    }

    private String value(String option, String key) {
        return option != null ? option : defaults.getProperty(key);
    }

    private String required(String option, String key) {
        String v = value(option, key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required (or '" + key + "=' in the profile file)");
        }
        return v;
    }

    static String ouOf(X509Certificate cert) {
        try {
            for (var rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) return String.valueOf(rdn.getValue());
            }
        } catch (javax.naming.InvalidNameException ignored) {
            // no OU
        }
        return null;
    }
}
