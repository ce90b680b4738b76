package org.passerelle.vihf.cli;

import org.passerelle.vihf.InMemoryReplayCache;
import org.passerelle.vihf.SecureXml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.VihfVerifier;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Cost of one verification (the gateway's per-request security work after TLS): tokens are built and signed first,
 * then each is verified once (single use), timing only {@code verify}. Uses a PKI made by {@code certs-sample}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times VIHF verification per request on a certs-sample PKI (p50/p90/p99).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--pki", required = true, paramLabel = "DIR", description = "a folder made by 'certs-sample generate'")
    Path pki;
    @Option(names = "--iterations", defaultValue = "3000", description = "measured verifications (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--warmup", defaultValue = "1500", description = "warm-up verifications (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws Exception {
        String pw = "changeit";
        KeyStore sign = MutualTls.loadKeyStore(pki.resolve("etab1/sign.p12"), pw);
        PrivateKey key = (PrivateKey) sign.getKey("sign", pw.toCharArray());
        X509Certificate signCert = (X509Certificate) sign.getCertificate("sign");
        X509Certificate tls = read(pki.resolve("etab1/auth-cli.cert.pem"));
        X509Certificate root = read(pki.resolve("ca/root-ca.cert.pem"));
        X509Certificate intermediate = read(pki.resolve("ca/intermediate-ca.cert.pem"));
        List<X509CRL> crls = new ArrayList<>();
        for (var c : MutualTls.readCrls(pki.resolve("ca/crls.pem"))) crls.add((X509CRL) c);
        VihfVerifier verifier = new VihfVerifier(VihfPolicy.builder(VihfProfile.FR_DMP)
                .trustAnchors(Set.of(new TrustAnchor(root, null))).intermediates(List.of(intermediate)).crls(crls)
                .replayCache(new InMemoryReplayCache()).build());
        String structure = SignCommand.ouOf(signCert);

        int total = warmup + iterations;
        System.err.printf("signing %d tokens...%n", total);
        List<byte[]> wire = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            wire.add(WsSecurity.toBytes(WsSecurity.envelope(VihfSigner.sign(VihfBuilder.create().issuer(signCert)
                    .user("3" + structure.substring(1) + "/U" + i, "BENCH User " + i).structure(structure)
                    .activitySector("SA07").profession("10", "Médecin").specialty("SM26", null).air()
                    .patient("180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH").lps("BENCH", "1", "TST-1").build(),
                    key, signCert))));
        }
        // the gateway's SOAP stack parses the message; time the verification on the DOM, and parse + verify
        long[] verifyOnly = new long[iterations];
        long[] parseAndVerify = new long[iterations];
        for (int i = 0; i < total; i++) {
            long t0 = System.nanoTime();
            Document d = SecureXml.parse(wire.get(i));
            long t1 = System.nanoTime();
            verifier.verify(d.getDocumentElement(), tls, "ITI-18", "180057512345627^^^&1.2.250.1.213.1.4.8&ISO");
            long t2 = System.nanoTime();
            if (i >= warmup) {
                verifyOnly[i - warmup] = t2 - t1;
                parseAndVerify[i - warmup] = t2 - t0;
            }
        }
        report("verify (DOM given)", verifyOnly);
        report("parse + verify", parseAndVerify);
        return VihfCommand.OK;
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-20s n=%d  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  mean %.3f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6,
                Arrays.stream(s).average().orElse(0) / 1e6);
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
