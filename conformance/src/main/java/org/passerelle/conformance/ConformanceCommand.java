package org.passerelle.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.passerelle.conformance.report.ConsoleReport;
import org.passerelle.conformance.report.HtmlReport;
import org.passerelle.conformance.report.JUnitXmlReport;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code conformance run --testkit DIR [--endpoint URL] [--tests ids] [--out DIR]}: replays NIST XDS test plans. */
@Command(name = "conformance", mixinStandardHelpOptions = true, version = "passerelle conformance 0.1.0",
        description = "Projectathon-style conformance runner: replays NIST XDS Toolkit test plans against an XDS.b endpoint.",
        subcommands = {ConformanceCommand.Run.class})
public final class ConformanceCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // the embedded gateway logs every transaction at INFO; the run's own lines and reports say what matters
        // (JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=info brings them back)
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new ConformanceCommand()).execute(args);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs the selected tests (all applicable ones by default), fixtures first. Exit code 0 when every test passed, 1 when one failed, 2 when the run could not start.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--testkit", required = true, description = "Test-kit directory (containing tests/<id>/index.idx).")
        Path testkit;

        @Option(names = "--endpoint", description = "Base URL of the XDS.b endpoints (<url>/xds/iti41, iti42, iti18, iti43). Without it an embedded gateway is started on a free port.")
        String endpoint;

        @Option(names = "--tests", split = ",", description = "Comma-separated test ids (default: all applicable tests).")
        List<String> tests = new ArrayList<>();

        @Option(names = "--out", defaultValue = "conformance-report", description = "Report directory (junit.xml, report.html). Default: ${DEFAULT-VALUE}.")
        Path out;

        @Option(names = "--feed", description = "ITI-8 MLLP address host:port for patient identity feeds (default with --endpoint: none).")
        String feed;

        @Option(names = "--profile", defaultValue = "ihe", description = "Profile of the embedded gateway: ihe (NIST tests) or fr-dmp. Default: ${DEFAULT-VALUE}.")
        String profile;

        @Option(names = "--assigning-authority", description = "OID of the patient ids the runner makes (default: the NIST one, or the INS test OID 1.2.250.1.213.1.4.10 with --vihf).")
        String assigningAuthority;

        @Option(names = "--source-id", defaultValue = RunConfig.DEFAULT_SOURCE_ID, description = "SubmissionSet.sourceId.")
        String sourceId;

        @Option(names = "--repository-unique-id", description = "repositoryUniqueId of the endpoint, for $repuid$ when no step reports it.")
        String repositoryUniqueId;

        @Option(names = "--keystore", description = "PKCS#12 client key and certificate for mutual TLS.")
        Path keystore;

        @Option(names = "--keystore-password", defaultValue = "", description = "Password of --keystore.")
        String keystorePassword;

        @Option(names = "--truststore", description = "PKCS#12 trust store for the endpoint's certificate.")
        Path truststore;

        @Option(names = "--truststore-password", defaultValue = "", description = "Password of --truststore.")
        String truststorePassword;

        @Option(names = "--xua", description = "Run the XUA variants (11897_*, 11966_*, 11990_*): the runner mints and signs their SAML assertions, and sends a valid one with every other request.")
        boolean xua;

        @Option(names = "--vihf", description = "Sign a French VIHF for every request (the French scenarios, conformance/fr-kit) with the sample PKI's establishment 1. Implied by --profile fr-dmp without --endpoint; without --endpoint the embedded gateway (fr-dmp) serves HTTPS with mutual TLS and the runner presents establishment 1's TLS client certificate (--keystore for another).")
        boolean vihf;

        @Option(names = "--xua-keystore", description = "PKCS#12 signing key of the XUA assertions (default: the sample PKI's establishment 1 signing key, generated under --out).")
        Path xuaKeystore;

        @Option(names = "--xua-password", defaultValue = "changeit", description = "Password of --xua-keystore. Default: ${DEFAULT-VALUE}.")
        String xuaPassword;

        @Option(names = "--xua-alias", description = "Key alias in --xua-keystore (default: the first key).")
        String xuaAlias;

        @Option(names = "--xua-audience", description = "Audience of the assertions (default: the NIST connectathon service provider URI).")
        String xuaAudience;

        @Option(names = "--unindexed", split = ",", description = "Sections left out of their test's index.idx to run after its indexed ones, as test/section (e.g. 15816/Retrieve: unknown uid, partial).")
        List<String> unindexed = new ArrayList<>();

        @Option(names = "--cda-examples", description = "Folder of the CI-SIS example documents that test plans name as examples:<file> (e.g. ../shared/ci-sis/examples; read in place).")
        Path cdaExamples;

        @Option(names = "--timeout", defaultValue = "60", description = "Per-request timeout in seconds. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(testkit)) {
                System.err.println(ConformanceFailure.KIT_UNREADABLE.format(testkit, "not a directory"));
                return ConformanceFailure.KIT_UNREADABLE.exitCode();
            }
            SSLContext tls;
            try {
                tls = tls();
            } catch (Exception e) {
                System.err.println("TLS key or trust store cannot be loaded: " + e.getMessage());
                return 2;
            }
            EmbeddedGateway gateway = null;
            String base = endpoint;
            String feedHost = null;
            int feedPort = -1;
            String repo = repositoryUniqueId;
            if (feed != null) {
                int colon = feed.lastIndexOf(':');
                if (colon <= 0) {
                    System.err.println("--feed must be host:port, got " + feed);
                    return 2;
                }
                feedHost = feed.substring(0, colon);
                feedPort = Integer.parseInt(feed.substring(colon + 1));
            }
            try {
                if (base == null) {
                    Path data = Files.createTempDirectory("passerelle-conformance-");
                    try {
                        if (!xua && ("fr-dmp".equals(profile) || vihf)) {
                            // the French run: HTTPS with mutual TLS, the client certificate of the VIHF signer's
                            // establishment unless --keystore names another one
                            vihf = true;
                            profile = "fr-dmp";
                            org.passerelle.certs.SamplePki pki = samplePki();
                            gateway = EmbeddedGateway.startWithVihfOverTls(null, data, pki);
                            try {
                                tls = org.passerelle.conformance.transport.ClientTls.fromPkcs12(
                                        keystore != null ? keystore : pki.establishments().get(0).authCli().keyStore(),
                                        keystore != null ? keystorePassword : pki.password(),
                                        truststore != null ? truststore : pki.trustStore(),
                                        truststore != null ? truststorePassword : pki.password());
                            } catch (Exception e) {
                                System.err.println("TLS key or trust store cannot be loaded: " + e.getMessage());
                                return 2;
                            }
                            System.out.println("mutual TLS: client certificate "
                                    + (keystore != null ? keystore : pki.establishments().get(0).authCli().certPem()));
                        } else if (xua && xuaKeystore == null) {
                            org.passerelle.certs.SamplePki pki = samplePki();
                            gateway = EmbeddedGateway.startWithXua(null, data, pki.trustStore(), pki.password(),
                                    pki.establishments().get(0).sign().certPem(),
                                    xuaAudience == null ? org.passerelle.vihf.XuaAssertions.DEFAULT_AUDIENCE : xuaAudience);
                        } else {
                            gateway = EmbeddedGateway.start(data, profile);
                        }
                    } catch (IOException | org.passerelle.certs.CertsException e) {
                        System.err.println(e.getMessage());
                        return ConformanceFailure.GATEWAY_START_FAILED.exitCode();
                    }
                    base = gateway.baseUrl();
                    if (feedHost == null) {
                        feedHost = "127.0.0.1";
                        feedPort = gateway.feedPort();
                    }
                    if (repo == null) repo = gateway.repositoryUniqueId();
                    System.out.println("embedded gateway (" + profile + ") at " + base + ", ITI-8 feed on port " + feedPort);
                }
                RunConfig.SecurityHeaders security = null;
                if (vihf) {
                    try {
                        org.passerelle.certs.SamplePki pki = samplePki();
                        org.passerelle.certs.SamplePki.Establishment etab = pki.establishments().get(0);
                        security = new org.passerelle.conformance.run.VihfSecurityHeaders(
                                etab.sign().privateKey(pki.password()), etab.sign().certificate(), etab.structureId(),
                                etab.identifier());
                        System.out.println("VIHF tokens signed with " + etab.sign().certPem() + " (" + etab.name() + ")");
                    } catch (Exception e) {
                        System.err.println("VIHF signing key cannot be loaded: " + e.getMessage());
                        return 2;
                    }
                    if (assigningAuthority == null) assigningAuthority = "1.2.250.1.213.1.4.10";
                }
                if (assigningAuthority == null) assigningAuthority = RunConfig.DEFAULT_ASSIGNING_AUTHORITY;
                if (xua) {
                    try {
                        security = xuaHeaders();
                    } catch (Exception e) {
                        System.err.println("XUA signing key cannot be loaded: " + e.getMessage());
                        return 2;
                    }
                }
                RunConfig config = new RunConfig(testkit, base, tests, assigningAuthority, sourceId,
                        repo == null ? "1.2.250.1.999.7.1" : repo, feedHost, feedPort, tls,
                        Duration.ofSeconds(timeoutSeconds), security, cdaExamples, unindexed);
                RunResult result;
                try {
                    result = new ConformanceRunner(config, System.out::println).run();
                } catch (IOException e) {
                    System.err.println(e.getMessage());
                    return 2;
                }
                System.out.println();
                ConsoleReport.write(result, System.out);
                Files.createDirectories(out);
                JUnitXmlReport.write(result, out.resolve("junit.xml"));
                HtmlReport.write(result, out.resolve("report.html"));
                System.out.println("reports: " + out.resolve("junit.xml") + ", " + out.resolve("report.html"));
                return result.failed() == 0 ? 0 : 1;
            } finally {
                if (gateway != null) gateway.close();
            }
        }

        /** The sample PKI under --out (generated on first use): its establishment 1 signs the XUA assertions. */
        private org.passerelle.certs.SamplePki samplePki() throws org.passerelle.certs.CertsException {
            Path pkiDir = out.toAbsolutePath().resolve("sample-pki");
            return Files.exists(pkiDir.resolve("truststore.p12"))
                    ? org.passerelle.certs.SamplePki.layout(pkiDir, 2)
                    : org.passerelle.certs.SamplePki.generate(pkiDir, false);
        }

        private RunConfig.SecurityHeaders xuaHeaders() throws Exception {
            java.security.PrivateKey key;
            java.security.cert.X509Certificate cert;
            if (xuaKeystore == null) {
                org.passerelle.certs.SamplePki pki = samplePki();
                org.passerelle.certs.SamplePki.KeyMaterial sign = pki.establishments().get(0).sign();
                key = sign.privateKey(pki.password());
                cert = sign.certificate();
                System.out.println("XUA assertions signed with " + sign.certPem() + " (trust " + pki.rootCaCert() + ")");
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(xuaKeystore)) {
                    ks.load(in, xuaPassword.toCharArray());
                }
                String alias = xuaAlias;
                if (alias == null) {
                    for (String a : java.util.Collections.list(ks.aliases())) if (ks.isKeyEntry(a)) { alias = a; break; }
                }
                if (alias == null || !ks.isKeyEntry(alias)) throw new IllegalArgumentException("no key entry " + alias + " in " + xuaKeystore);
                key = (java.security.PrivateKey) ks.getKey(alias, xuaPassword.toCharArray());
                cert = (java.security.cert.X509Certificate) ks.getCertificate(alias);
            }
            return new org.passerelle.conformance.run.XuaSecurityHeaders(key, cert, xuaAudience);
        }

        private SSLContext tls() throws Exception {
            if (keystore == null && truststore == null) return null;
            return org.passerelle.conformance.transport.ClientTls.fromPkcs12(keystore, keystorePassword, truststore,
                    truststorePassword);
        }
    }
}
