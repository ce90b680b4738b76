package org.passerelle.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The durable notification outbox (table notification_outbox). Rows are written by the audit transaction
 * ({@link AuditTrail}) or by {@link #enqueue}; this class delivers them through a pluggable
 * {@link NotificationSender}, retrying with exponential back-off up to a maximum number of attempts. Everything is
 * in the database, so undelivered notifications survive a restart and several nodes can deliver side by side
 * (each row is claimed with a lease before it is sent).
 */
public final class NotificationOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);

    /**
     * @param pollInterval  how often due notifications are looked for
     * @param maxAttempts   attempts before a notification is marked failed (kept, never deleted)
     * @param firstBackoff  delay after the first failure, doubled at each further failure
     * @param lease         how long a node owns a claimed notification while sending it
     */
    public record Settings(Duration pollInterval, int maxAttempts, Duration firstBackoff, Duration lease) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), 8, Duration.ofSeconds(30), Duration.ofMinutes(2));
        }
    }

    private final DataSource dataSource;
    private final NotificationSender sender;
    private final Settings settings;
    private ScheduledExecutorService scheduler;

    private NotificationOutbox(DataSource dataSource, NotificationSender sender, Settings settings) {
        this.dataSource = dataSource;
        this.sender = Objects.requireNonNull(sender, "sender");
        this.settings = settings;
    }

    /** Migrates the audit schema if needed; call {@link #start()} to deliver in the background. */
    public static NotificationOutbox open(DataSource dataSource, NotificationSender sender, Settings settings) {
        AuditTrail.migrate(dataSource);
        return new NotificationOutbox(dataSource, sender == null ? new LogNotificationSender() : sender, settings);
    }

    /** Starts background delivery (one pass every poll interval). */
    public synchronized NotificationOutbox start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "notification-outbox");
                t.setDaemon(true);
                return t;
            });
            long ms = settings.pollInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try { deliverDue(); } catch (RuntimeException e) { LOG.warn("notification delivery pass failed: {}", e.toString()); }
            }, 0, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Adds a notification outside an audit event (admin messages). */
    public long enqueue(String patientId, String kind, String message) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notification_outbox (patient_id, kind, message, created_at, "
                     + "next_attempt_at) VALUES (?, ?, ?, ?, ?)", new String[]{"id"})) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setString(1, patientId);
            ps.setString(2, kind);
            ps.setString(3, message);
            ps.setObject(4, now);
            ps.setObject(5, now);
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) { k.next(); return k.getLong(1); }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue the notification: " + e.getMessage(), e);
        }
    }

    /** One delivery pass over the due notifications; returns how many were delivered. */
    public int deliverDue() {
        int delivered = 0;
        for (Notification n : due(100)) {
            if (!claim(n.id())) continue;
            try {
                sender.send(n);
                finish(n.id(), "UPDATE notification_outbox SET delivered_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = ?",
                        OffsetDateTime.now(ZoneOffset.UTC));
                delivered++;
            } catch (Exception e) {
                int attempts = n.attempts() + 1;
                boolean giveUp = attempts >= settings.maxAttempts();
                Duration backoff = settings.firstBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
                String err = String.valueOf(e.getMessage());
                if (giveUp) LOG.error("notification #{} to {} failed {} times, giving up: {}", n.id(), n.patientId(), attempts, err);
                else LOG.warn("notification #{} to {} failed (attempt {}), retry in {}: {}", n.id(), n.patientId(), attempts, backoff, err);
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE notification_outbox SET attempts = ?, failed = ?, "
                             + "next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?")) {
                    ps.setInt(1, attempts);
                    ps.setBoolean(2, giveUp);
                    ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).plus(backoff));
                    ps.setString(4, err.length() > 2000 ? err.substring(0, 2000) : err);
                    ps.setLong(5, n.id());
                    ps.executeUpdate();
                } catch (SQLException ex) {
                    throw new IllegalStateException("cannot record the failed delivery of notification " + n.id() + ": " + ex.getMessage(), ex);
                }
            }
        }
        return delivered;
    }

    /** Notifications not yet delivered (and not given up), oldest first. */
    public List<Notification> pending() { return select("delivered_at IS NULL AND failed = FALSE", null, 10_000); }

    /** Every notification of one patient, oldest first. */
    public List<Notification> forPatient(String patientId) { return select("patient_id = ?", patientId, 10_000); }

    private List<Notification> due(int max) {
        return select("delivered_at IS NULL AND failed = FALSE AND next_attempt_at <= CURRENT_TIMESTAMP "
                + "AND (claimed_until IS NULL OR claimed_until < CURRENT_TIMESTAMP)", null, max);
    }

    private List<Notification> select(String where, String arg, int max) {
        List<Notification> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, patient_id, kind, message, created_at, attempts FROM "
                     + "notification_outbox WHERE " + where + " ORDER BY id LIMIT " + max)) {
            if (arg != null) ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notification outbox: " + e.getMessage(), e);
        }
    }

    private boolean claim(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notification_outbox SET claimed_until = ? WHERE id = ? "
                     + "AND delivered_at IS NULL AND failed = FALSE AND (claimed_until IS NULL OR claimed_until < ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setObject(1, now.plus(settings.lease()));
            ps.setLong(2, id);
            ps.setObject(3, now);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim notification " + id + ": " + e.getMessage(), e);
        }
    }

    private void finish(long id, String sql, OffsetDateTime at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, at);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark notification " + id + " delivered: " + e.getMessage(), e);
        }
    }

    Instant now() { return Instant.now(); }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try { scheduler.awaitTermination(10, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            scheduler = null;
        }
    }
}
