package org.passerelle.gateway;

import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.audit.AuditCommand;
import org.passerelle.gateway.GatewayCommand.StoreOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code gateway audit verify | history}: module audit's commands ({@link AuditCommand}) on the gateway's own database
 * options. Exit codes are the audit CLI's: 0 OK, 2 database unavailable, 3 chain broken, 64 bad argument.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit trail (R-60, R-61): verify the hash chain, list a patient's access history.",
        subcommands = {GatewayAuditCommand.Verify.class, GatewayAuditCommand.History.class})
final class GatewayAuditCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (verify, history)");
    }

    /** The gateway's database without migrating anything (reading the audit must not change the schema). */
    static HikariDataSource open(GatewayConfig config) {
        return Backends.pool(config);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute every link of the audit hash chain(s); exit 3 naming the first broken row if any.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = store.load().build();
            try (HikariDataSource ds = open(config)) {
                return AuditCommand.verify(ds, store.where(config), spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("gateway: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "R-61: who consulted or fed a patient's record, when, in which mode, with what outcome.")
    static final class History implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--patient", required = true, paramLabel = "CX", description = "the patient's INS, e.g. 279035121518989^^^&1.2.250.1.213.1.4.10&ISO")
        String patient;
        @Option(names = "--from", paramLabel = "INSTANT", description = "from (inclusive), ISO-8601 UTC") String from;
        @Option(names = "--to", paramLabel = "INSTANT", description = "to (exclusive), ISO-8601 UTC") String to;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = store.load().build();
            Integer bad = PatientCommands.checkIns(spec, config, "--patient", patient);
            if (bad != null) return 64;
            try (HikariDataSource ds = open(config)) {
                return AuditCommand.history(ds, store.where(config), patient, from, to, spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("gateway: " + e.getMessage());
                return 2;
            }
        }
    }
}
