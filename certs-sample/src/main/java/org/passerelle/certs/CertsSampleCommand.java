package org.passerelle.certs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code certs-sample generate --out DIR [--force] [--establishments N]}. */
@Command(name = "certs-sample", mixinStandardHelpOptions = true, version = "certs-sample 0.1.0",
        description = "Demo PKI for the Passerelle gateway (tests and demos only: every password is 'changeit').",
        subcommands = {CertsSampleCommand.Generate.class})
public final class CertsSampleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CertsFailure.INVALID_ARGUMENT.exitCode();
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generates a root CA, an intermediate CA, the gateway TLS server certificate, and for each",
                    "establishment an ORG_AUTH_CLI (TLS client) and an ORG_SIGN (VIHF signing) certificate, revoked",
                    "and rogue (untrusted) certificates, CRLs, PKCS#12 and PEM files and a trust store."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
        Path out;

        @Option(names = "--force", description = "overwrite the sample PKI files already in DIR")
        boolean force;

        @Option(names = "--establishments", paramLabel = "N", defaultValue = "2",
                description = "number of sample establishments, 2 to 99 (default: ${DEFAULT-VALUE})")
        int establishments;

        @Override
        public Integer call() {
            try {
                SamplePki pki = SamplePki.generate(out, force, establishments);
                System.out.println("Sample PKI written to " + pki.dir() + " (password of every .p12: "
                        + pki.password() + ")");
                System.out.println("  trust store      " + pki.trustStore());
                System.out.println("  gateway TLS      " + pki.server().keyStore());
                System.out.println("  CRLs             " + pki.crls());
                for (SamplePki.Establishment e : pki.establishments()) {
                    System.out.println("  " + e.name() + " (" + e.identifierType() + " " + e.identifier()
                            + ", structure " + e.structureId() + ")");
                    System.out.println("    ORG_AUTH_CLI   " + e.authCli().keyStore());
                    System.out.println("    ORG_SIGN       " + e.sign().keyStore());
                }
                System.out.println("  revoked          " + pki.revoked().authCli().keyStore().getParent());
                System.out.println("  rogue (untrusted CA) " + pki.rogue().authCli().keyStore().getParent());
                return 0;
            } catch (CertsException e) {
                System.err.println("certs-sample: " + e.getMessage());
                return e.failure().exitCode();
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CertsSampleCommand()).execute(args));
    }
}
