package org.passerelle.vihf.cli;

import org.passerelle.vihf.VerifiedAssertion;
import org.passerelle.vihf.VihfException;
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfVerifier;
import org.passerelle.vihf.tls.MutualTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Runs the gateway's checks on a SOAP request file: tells an integrator exactly what the gateway would refuse. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies the VIHF / XUA assertion of a SOAP request as the gateway does (exit 0 accepted, 1 refused).")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SOAP", description = "the SOAP request (envelope) file")
    Path request;
    @Option(names = "--truststore", required = true, description = "PKCS#12 trust store (CA of the signing and TLS certificates)")
    Path trustStore;
    @Option(names = "--password", defaultValue = "changeit", description = "trust store password (default: ${DEFAULT-VALUE})")
    String password;
    @Option(names = "--crls", split = ",", description = "CRL files") List<Path> crls = new ArrayList<>();
    @Option(names = "--intermediates", split = ",", paramLabel = "PEM",
            description = "intermediate CA certificates (e.g. ca/ca-chain.pem of certs-sample)")
    List<Path> intermediates = new ArrayList<>();
    @Option(names = "--tls-cert", paramLabel = "PEM", description = "the client's TLS certificate (ORG_AUTH_CLI), for the establishment binding")
    Path tlsCert;
    @Option(names = "--transaction", defaultValue = "ITI-18", description = "ITI-18, ITI-43, ITI-41, ITI-57 (default: ${DEFAULT-VALUE})")
    String transaction;
    @Option(names = "--patient", description = "the request's patient (CX), compared with resource-id") String patient;
    @Option(names = "--profile", defaultValue = "fr-dmp", description = "fr-dmp or ihe (default: ${DEFAULT-VALUE})")
    String profile;
    @Option(names = "--audience", description = "ihe: the expected audience") String audience;

    @Override
    public Integer call() {
        try {
            KeyStore ts = MutualTls.loadKeyStore(trustStore, password);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (String a : Collections.list(ts.aliases())) {
                if (ts.isCertificateEntry(a)) anchors.add(new TrustAnchor((X509Certificate) ts.getCertificate(a), null));
            }
            List<X509CRL> crlList = new ArrayList<>();
            for (Path f : crls) for (var c : MutualTls.readCrls(f)) crlList.add((X509CRL) c);
            List<X509Certificate> chain = new ArrayList<>();
            for (Path f : intermediates) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        chain.add((X509Certificate) c);
                    }
                }
            }
            X509Certificate tls = null;
            if (tlsCert != null) {
                try (InputStream in = Files.newInputStream(tlsCert)) {
                    tls = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
            }
            VihfProfile p = profile.equalsIgnoreCase("ihe") ? VihfProfile.IHE_XUA : VihfProfile.FR_DMP;
            VihfVerifier verifier = new VihfVerifier(VihfPolicy.builder(p).trustAnchors(anchors).intermediates(chain).crls(crlList)
                    .expectedAudience(audience).requireTlsClientCertificate(tls != null || p == VihfProfile.FR_DMP)
                    .requireSameEstablishment(p == VihfProfile.FR_DMP).build());
            VerifiedAssertion v = verifier.verify(Files.readAllBytes(request), tls, transaction, patient);
            System.out.println("ACCEPTED assertion " + v.id() + " issued by " + v.issuer());
            System.out.println("  user " + v.nameId() + (v.subjectName() != null ? " (" + v.subjectName() + ")" : ""));
            System.out.println("  structure " + v.structureId() + ", mode " + v.authenticationMode() + ", purpose "
                    + v.purposeCode() + ", patient " + v.resourceId());
            System.out.println("  roles " + v.roles().stream().map(r -> r.key()).toList() + ", expires " + v.expiresAt());
            return VihfCommand.OK;
        } catch (VihfException e) {
            System.out.println("REFUSED " + e.failure() + " (" + e.faultCode().getPrefix() + ":"
                    + e.faultCode().getLocalPart() + "): " + e.getMessage());
            return VihfCommand.REFUSED;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            System.err.println("vihf verify: " + e.getMessage());
            return VihfCommand.IO_ERROR;
        }
    }
}
