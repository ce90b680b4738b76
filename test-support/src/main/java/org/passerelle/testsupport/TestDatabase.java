package org.passerelle.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one test (class): an H2 file database in a temporary folder, or a new schema in the
 * local PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth; override with env PG_TEST_URL / PG_TEST_USER).
 * <p>
 * When PostgreSQL cannot be reached the test is skipped, except under CI (env CI=true) where it fails: a CI run must
 * prove the PostgreSQL store.
 * <p>
 * Use as {@code @ParameterizedTest @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")} and
 * {@code try (TestDatabase db = TestDatabase.create(kind)) { ... }}.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { H2, POSTGRESQL }

    private final Kind kind;
    private final String jdbcUrl;
    private final String user;
    private final String schema;
    private final Path h2Dir;
    private final HikariDataSource dataSource;

    private TestDatabase(Kind kind, String jdbcUrl, String user, String schema, Path h2Dir) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.schema = schema;
        this.h2Dir = h2Dir;
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword("");
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("test-" + kind.name().toLowerCase(Locale.ROOT));
        this.dataSource = new HikariDataSource(cfg);
    }

    /** Both kinds, for parameterized tests. */
    public static Stream<Kind> kinds() {
        return Stream.of(Kind.H2, Kind.POSTGRESQL);
    }

    public static TestDatabase create(Kind kind) {
        return kind == Kind.H2 ? h2() : postgresql();
    }

    public static TestDatabase h2() {
        try {
            Path dir = Files.createTempDirectory("passerelle-h2-");
            String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            return new TestDatabase(Kind.H2, url, "sa", null, dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a temporary H2 folder", e);
        }
    }

    public static TestDatabase postgresql() {
        String base = System.getenv().getOrDefault("PG_TEST_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getenv().getOrDefault("PG_TEST_USER", "postgres");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base, user, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            requirePostgresOrSkip(base, e);
        }
        String sep = base.contains("?") ? "&" : "?";
        return new TestDatabase(Kind.POSTGRESQL, base + sep + "currentSchema=" + schema, user, schema, null);
    }

    /** Skips the calling test when PostgreSQL is unreachable, or fails it under CI. */
    public static void requirePostgresOrSkip(String url, Exception cause) {
        String msg = "PostgreSQL not reachable at " + url + ": " + cause.getMessage();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(msg + " (CI=true: PostgreSQL is required)", cause);
        }
        Assumptions.abort(msg);
    }

    public Kind kind() { return kind; }
    public DataSource dataSource() { return dataSource; }
    public String jdbcUrl() { return jdbcUrl; }
    public String user() { return user; }
    /** The PostgreSQL schema of this database, or null for H2. */
    public String schema() { return schema; }

    @Override
    public String toString() { return kind.name(); }

    @Override
    public void close() {
        dataSource.close();
        if (kind == Kind.POSTGRESQL) {
            String base = jdbcUrl.substring(0, jdbcUrl.indexOf("currentSchema=") - 1);
            try (Connection c = DriverManager.getConnection(base, user, "");
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException ignored) {
                // best effort: a leftover t_* schema is harmless
            }
        } else if (h2Dir != null) {
            try (Stream<Path> files = Files.walk(h2Dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // temporary folder
            }
        }
    }
}
