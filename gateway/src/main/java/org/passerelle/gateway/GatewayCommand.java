package org.passerelle.gateway;

import org.passerelle.registry.PatientRecord;
import org.passerelle.registry.PatientRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gateway serve | patient … | audit verify | audit history | bench}. Exit codes: 0 done, 2 bad argument
 * (usage, not a qualified INS), 3 unknown patient, 4 configuration or database problem; {@code audit} keeps the
 * audit CLI's codes (2 database unavailable, 3 chain broken, 64 bad argument).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, version = "passerelle gateway 0.1.0",
        description = "Passerelle XDS.b gateway (ITI-41/42/18/43/57 over SOAP 1.2 / MTOM).",
        subcommands = {GatewayCommand.Serve.class, GatewayCommand.Patient.class, GatewayAuditCommand.class, Bench.class})
public final class GatewayCommand implements Runnable {

    /** Exit code of a bad argument (picocli's usage code): a malformed option, a patient id that is not an INS. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the patient (or another named object) does not exist. */
    public static final int EXIT_NOT_FOUND = 3;
    /** Exit code when the configuration is wrong or the database unreachable. */
    public static final int EXIT_CONFIG = 4;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the gateway's error handling (tests set its out/err writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GatewayCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("gateway: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException || e instanceof IllegalStateException ? EXIT_CONFIG : 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (serve, patient, audit, bench)");
    }

    /** Options shared by the commands that open the store. */
    static class StoreOptions {
        @Option(names = "--config", description = "properties file (keys http.port, db.url, profile, kit.dir, …)")
        Path config;
        @Option(names = "--data", description = "data directory of the embedded H2 database (default ./data)")
        Path data;
        @Option(names = "--db-url", description = "JDBC url (H2 or PostgreSQL); overrides the embedded default")
        String dbUrl;
        @Option(names = "--db-user", description = "database user (default: sa for H2; key db.user)")
        String dbUser;
        @Option(names = "--db-password", description = "database password (key db.password, env PASSERELLE_DB_PASSWORD)")
        String dbPassword;
        @Option(names = "--profile", description = "fr-dmp (default) or ihe")
        String profile;
        @Option(names = "--ins-test-oids", description = "accept the INS test/demo authorities 1.2.250.1.213.1.4.10/.11 (key ins.test.oids)")
        Boolean insTestOids;

        GatewayConfig.Builder load() throws Exception {
            GatewayConfig.Builder b = GatewayConfig.load(config, System.getenv()).toBuilder();
            if (data != null) b.dataDir(data);
            if (dbUrl != null) b.jdbcUrl(dbUrl);
            if (dbUser != null) b.dbUser(dbUser);
            if (dbPassword != null) b.dbPassword(dbPassword);
            if (profile != null) b.profile(Profile.of(profile));
            if (insTestOids != null) b.insTestOids(insTestOids);
            return b;
        }

        /** Where the database is, for messages. */
        String where(GatewayConfig c) {
            return c.dataSource() != null ? "the given data source" : c.effectiveJdbcUrl();
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the gateway and print its endpoint URLs; stops cleanly on Ctrl-C / SIGTERM.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--port", description = "HTTP port (default 8080, 0 = any free port)") Integer port;
        @Option(names = "--kit", description = "CI-SIS kit directory (value sets, schematrons)") Path kit;
        @Option(names = "--mllp-port", description = "ITI-8 patient feed MLLP port (default: none)") Integer mllpPort;

        @Override
        public Integer call() throws Exception {
            GatewayConfig.Builder b = store.load();
            if (port != null) b.port(port);
            if (kit != null) b.kitDir(kit);
            if (mllpPort != null) b.mllpPort(mllpPort);
            GatewayConfig config = b.build();
            GatewayServer server = GatewayServer.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "gateway-shutdown"));
            var out = System.out;
            out.println("Passerelle gateway ready (" + config.profile() + " profile, repositoryUniqueId "
                    + server.repositoryUniqueId() + ")");
            out.println("  ITI-41 Provide and Register : " + server.iti41Url());
            out.println("  ITI-42 Register             : " + server.iti42Url());
            out.println("  ITI-18 Stored Query         : " + server.iti18Url());
            out.println("  ITI-43 Retrieve             : " + server.iti43Url());
            out.println("  ITI-57 Update               : " + server.iti57Url());
            out.println("  WSDL                        : " + server.iti41Url() + "?wsdl (and each endpoint)");
            out.println("  health / ready              : " + server.healthUrl() + "  " + server.readyUrl());
            if (server.mllpPort() >= 0) out.println("  ITI-8 patient feed (MLLP)   : port " + server.mllpPort());
            out.println("  security                    : " + (config.security() ? "VIHF/XUA required" : "OFF (anonymous callers)")
                    + ", access rules " + (config.flag("access.enabled", config.security() && config.profile() == Profile.FR_DMP) ? "on" : "off")
                    + ", audit " + (config.flag("audit.enabled", false) ? "on" : "off"));
            out.println("  database                    : " + (config.dataSource() != null ? "given data source"
                    : config.effectiveJdbcUrl()));
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "patient", mixinStandardHelpOptions = true,
            description = "Administer patients: DMP state (R-01, R-02), activation of Mon espace santé (R-03) and the patient's decisions (R-04 … R-21).",
            subcommands = {SetState.class, ListPatients.class, Register.class, PatientCommands.Show.class,
                    PatientCommands.Activate.class, PatientCommands.Deactivate.class,
                    PatientCommands.OpposeConsultation.class, PatientCommands.OpposeFeeding.class,
                    PatientCommands.Block.class, PatientCommands.Emergency.class, PatientCommands.ConsentCmd.class})
    static final class Patient implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (register, set-state, activate, deactivate, show, list, "
                    + "oppose-consultation, oppose-feeding, block, emergency, consent)");
        }
    }

    @Command(name = "set-state", mixinStandardHelpOptions = true,
            description = "Set a patient's DMP state: active, closed or opposed.")
    static final class SetState implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--pid", required = true, description = "patient id, CX: id^^^&oid&ISO") String pid;
        @Option(names = "--state", required = true, description = "active, closed or opposed") String state;
        @Option(names = "--reason", description = "why (kept with the state)") String reason;

        @Override
        public Integer call() throws Exception {
            PatientRegistry.State s;
            try {
                s = PatientRegistry.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--state must be active, closed or opposed, not '" + state + "'");
            }
            try (RegistryBackend backend = Backends.open(store.load().build())) {
                backend.patients().setState(pid, s, reason);
                PatientRecord r = backend.patients().find(pid).orElseThrow();
                spec.commandLine().getOut().println(r.patientId() + " " + r.state() + (r.reason() == null ? "" : " (" + r.reason() + ")"));
                return 0;
            } catch (NoSuchElementException e) {
                return PatientCommands.unknown(spec, pid);
            }
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a patient (state active).")
    static final class Register implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--pid", required = true, description = "patient id, CX: id^^^&oid&ISO") String pid;
        @Option(names = "--name", description = "FAMILY^Given") String name;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = store.load().build();
            Integer bad = PatientCommands.checkIns(spec, config, pid);
            if (bad != null) return bad;
            try (RegistryBackend backend = Backends.open(config)) {
                PatientRecord r = backend.patients().register(pid, name);
                spec.commandLine().getOut().println(r.patientId() + " " + r.state() + (r.activated() ? " activated" : ""));
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List known patients and their DMP state.")
    static final class ListPatients implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default 1000)") int limit;

        @Override
        public Integer call() throws Exception {
            try (RegistryBackend backend = Backends.open(store.load().build())) {
                for (PatientRecord r : backend.patients().list(limit)) {
                    spec.commandLine().getOut().println(r.patientId() + "\t" + r.state() + "\t" + (r.activated() ? "activated" : "not-activated")
                            + "\t" + (r.name() == null ? "" : r.name()) + "\t" + (r.reason() == null ? "" : r.reason()));
                }
                return 0;
            }
        }
    }
}
