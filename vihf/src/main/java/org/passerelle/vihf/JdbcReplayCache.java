package org.passerelle.vihf;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replay cache shared by every gateway node through the database (H2 or PostgreSQL). The insert relies on the
 * primary key: of two nodes seeing the same token at once, the database lets exactly one insert win. Expired rows
 * are purged at most once a minute.
 */
public final class JdbcReplayCache implements ReplayCache {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcReplayCache.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();

    /** Migrates the schema (Flyway, history table flyway_history_vihf) and returns a cache over it. */
    public JdbcReplayCache(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public JdbcReplayCache(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        migrate(dataSource);
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/vihf")
                .table("flyway_history_vihf").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    @Override
    public boolean firstUse(String issuer, String assertionId, Instant expiresAt) {
        long now = clock.millis();
        purgeIfDue(now);
        String key = key(issuer, assertionId);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (insert(c, key, issuer, assertionId, now, expiresAt)) {
                return true;
            }
            // the row exists: a replay, unless it is a leftover past its expiry (then the ID may be used again)
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM vihf_replay WHERE token_key = ? AND expires_at < ?")) {
                del.setString(1, key);
                del.setLong(2, now);
                if (del.executeUpdate() == 0) {
                    return false;
                }
            }
            return insert(c, key, issuer, assertionId, now, expiresAt);
        } catch (SQLException e) {
            // fail closed: without the shared cache a replay cannot be excluded
            throw new IllegalStateException("replay cache unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection c, String key, String issuer, String id, long now, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO vihf_replay (token_key, issuer, assertion_id, first_seen, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, truncate(issuer, 1024));
            ps.setString(3, truncate(id, 256));
            ps.setLong(4, now);
            ps.setLong(5, expiresAt.toEpochMilli());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the expired rows now; returns how many. */
    public int purgeExpired() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM vihf_replay WHERE expires_at < ?")) {
            ps.setLong(1, clock.millis());
            return ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not purge expired VIHF replay entries (they are kept; retried in a minute): {}",
                    e.getMessage());
            return 0;
        }
    }

    private void purgeIfDue(long now) {
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + PURGE_INTERVAL.toMillis())) {
            purgeExpired();
        }
    }

    static String key(String issuer, String assertionId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(issuer.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update(assertionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
