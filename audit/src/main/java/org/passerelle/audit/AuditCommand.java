package org.passerelle.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The audit command line: {@code verify --db URL} proves the hash chain, {@code history --db URL --patient CX}
 * lists who consulted or fed a record. Exit codes: 0 OK, 2 database unavailable, 3 chain broken,
 * 64 bad argument (see {@link AuditFailure}).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, version = "passerelle audit 0.1.0",
        description = "Passerelle audit trail: verify the hash chain, list a patient's access history.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.History.class})
public final class AuditCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given output streams and returns its exit code (for tests and the gateway CLI). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AuditCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> AuditFailure.BAD_ARGUMENT.exitCode());
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getMessage());
            ex.getCommandLine().usage(err);
            return AuditFailure.BAD_ARGUMENT.exitCode();
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return AuditFailure.BAD_ARGUMENT.exitCode();
    }

    static class Db {
        @Option(names = "--db", required = true, paramLabel = "URL", description = "JDBC URL of the gateway database (jdbc:h2:file:… or jdbc:postgresql://…)")
        String url;
        @Option(names = "--user", description = "database user (default: sa for H2, postgres otherwise)")
        String user;
        @Option(names = "--password", description = "database password (or env PASSERELLE_DB_PASSWORD)", defaultValue = "${env:PASSERELLE_DB_PASSWORD}")
        String password;

        HikariDataSource open() {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(url);
            c.setUsername(user != null ? user : url.startsWith("jdbc:h2:") ? "sa" : "postgres");
            c.setPassword(password == null ? "" : password);
            c.setMaximumPoolSize(2);
            c.setPoolName("audit-cli");
            c.setInitializationFailTimeout(5_000);
            return new HikariDataSource(c);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Recompute every link of the audit hash chain(s); exit 3 and name the first broken row if any.")
    static class Verify implements Callable<Integer> {
        @CommandLine.Mixin Db db;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (HikariDataSource ds = db.open()) {
                return verify(ds, db.url, spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println(AuditFailure.DATABASE_UNAVAILABLE.message(db.url, rootMessage(e)));
                return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
            }
        }
    }

    /**
     * {@code verify} on an open data source (also {@code gateway audit verify}): prints the verification and returns
     * 0 intact, 3 broken (naming the first broken row), 2 database unavailable.
     *
     * @param where the database as the operator named it (for messages)
     */
    public static int verify(DataSource ds, String where, PrintWriter out, PrintWriter err) {
        try {
            if (!hasAuditTrail(ds, err, where)) return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
            ChainVerification v = new AuditReader(ds).verifyChain();
            if (v.intact()) {
                out.println(v);
                return 0;
            }
            err.println(v);
            return v.firstBroken().get().failure().exitCode();
        } catch (RuntimeException e) {
            err.println(AuditFailure.DATABASE_UNAVAILABLE.message(where, rootMessage(e)));
            return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
        }
    }

    /**
     * {@code history} on an open data source (also {@code gateway audit history}): lists who consulted or fed the
     * record; returns 0, 64 for a bad --from/--to, 2 database unavailable.
     */
    public static int history(DataSource ds, String where, String patient, String from, String to, PrintWriter out, PrintWriter err) {
        String problem = instantProblem(from, to);
        if (problem != null) {
            err.println(problem);
            return AuditFailure.BAD_ARGUMENT.exitCode();
        }
        try {
            if (!hasAuditTrail(ds, err, where)) return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
            List<AccessHistoryEntry> h = new AuditReader(ds).history(patient, from == null ? null : Instant.parse(from),
                    to == null ? null : Instant.parse(to));
            out.println(h.size() + " audited action(s) on the record of " + patient);
            for (AccessHistoryEntry e : h) out.println(e.line());
            return 0;
        } catch (RuntimeException e) {
            err.println(AuditFailure.DATABASE_UNAVAILABLE.message(where, rootMessage(e)));
            return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List who consulted or fed a patient's record, when and in which mode (R-61).")
    static class History implements Callable<Integer> {
        @CommandLine.Mixin Db db;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--patient", required = true, paramLabel = "CX", description = "the patient's INS, e.g. 279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH")
        String patient;
        @Option(names = "--from", paramLabel = "INSTANT", description = "from (inclusive), ISO-8601 UTC, e.g. 2026-01-01T00:00:00Z")
        String from;
        @Option(names = "--to", paramLabel = "INSTANT", description = "to (exclusive), ISO-8601 UTC")
        String to;

        @Override
        public Integer call() {
            String problem = instantProblem(from, to);
            if (problem != null) { // before opening the database
                spec.commandLine().getErr().println(problem);
                return AuditFailure.BAD_ARGUMENT.exitCode();
            }
            try (HikariDataSource ds = db.open()) {
                return history(ds, db.url, patient, from, to, spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println(AuditFailure.DATABASE_UNAVAILABLE.message(db.url, rootMessage(e)));
                return AuditFailure.DATABASE_UNAVAILABLE.exitCode();
            }
        }
    }

    /** False (and says so) when the database has no audit tables: the trail was never written there. */
    static boolean hasAuditTrail(DataSource ds, PrintWriter err, String where) {
        try (Connection c = ds.getConnection()) {
            String schema = c.getSchema();
            for (String table : new String[] {"audit_event", "AUDIT_EVENT"}) {
                try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema, table, null)) {
                    if (rs.next()) return true;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        err.println(AuditFailure.DATABASE_UNAVAILABLE.message(where, "it holds no audit trail (no table audit_event); "
                + "the gateway writes one with audit.enabled=true"));
        return false;
    }

    /** The message for a --from/--to that is not an ISO-8601 instant, or null when both are fine. */
    static String instantProblem(String from, String to) {
        for (String v : new String[] {from, to}) {
            if (v == null) continue;
            try {
                Instant.parse(v);
            } catch (DateTimeParseException e) {
                return AuditFailure.BAD_ARGUMENT.message("--from/--to must be ISO-8601 instants such as 2026-01-01T00:00:00Z: " + v);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
