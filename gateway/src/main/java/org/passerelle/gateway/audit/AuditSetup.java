package org.passerelle.gateway.audit;

import org.passerelle.audit.AuditReader;
import org.passerelle.audit.AuditTrail;
import org.passerelle.audit.LogNotificationSender;
import org.passerelle.audit.NotificationOutbox;
import org.passerelle.audit.SyslogTlsExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * The traceability of one gateway node, from its configuration properties:
 * <ul>
 * <li>{@code audit.node} — this node's chain id, stable across restarts (default: the host name);</li>
 * <li>{@code audit.syslog.host}, {@code audit.syslog.port}, {@code audit.syslog.keystore},
 *     {@code audit.syslog.truststore}, {@code audit.syslog.password} — optional ATNA export over TLS;</li>
 * <li>{@code audit.notifications} — deliver the outbox from this node (default true; log sender).</li>
 * <li>{@code admin.token} (or {@code audit.admin-token}) — enables {@link AccessHistoryHandler} (at least 16
 *     characters).</li>
 * </ul>
 * Close it with the server: it flushes the trail, stops the outbox and the exporter.
 */
public final class AuditSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSetup.class);

    private final AuditTrail trail;
    private final NotificationOutbox outbox;
    private final SyslogTlsExporter exporter;
    private final AtnaTransactionAuditor auditor;
    private final AccessHistoryHandler adminHandler;

    private AuditSetup(AuditTrail trail, NotificationOutbox outbox, SyslogTlsExporter exporter, AccessHistoryHandler adminHandler) {
        this.trail = trail;
        this.outbox = outbox;
        this.exporter = exporter;
        this.auditor = new AtnaTransactionAuditor(trail);
        this.adminHandler = adminHandler;
    }

    public static AuditSetup open(Map<String, String> p, DataSource dataSource) throws Exception {
        String node = p.getOrDefault("audit.node", hostName());
        AuditTrail trail = AuditTrail.open(dataSource, AuditTrail.Config.forNode(node));
        SyslogTlsExporter exporter = null;
        NotificationOutbox outbox = null;
        try {
            if (p.get("audit.syslog.host") != null) {
                char[] pw = p.getOrDefault("audit.syslog.password", "").toCharArray();
                String ks = p.get("audit.syslog.keystore");
                exporter = new SyslogTlsExporter(new SyslogTlsExporter.Settings(p.get("audit.syslog.host"),
                        Integer.parseInt(p.getOrDefault("audit.syslog.port", "6514")),
                        SyslogTlsExporter.sslContext(ks == null ? null : Path.of(ks), pw, Path.of(p.get("audit.syslog.truststore")), pw),
                        "passerelle", node));
                trail.addListener(exporter);
                LOG.info("audit: exporting ATNA messages over TLS to {}:{}", p.get("audit.syslog.host"), p.getOrDefault("audit.syslog.port", "6514"));
            }
            if (!"false".equalsIgnoreCase(p.getOrDefault("audit.notifications", "true"))) {
                outbox = NotificationOutbox.open(dataSource, new LogNotificationSender(), NotificationOutbox.Settings.defaults()).start();
            }
            String token = p.get("admin.token") != null && !p.get("admin.token").isBlank() ? p.get("admin.token") : p.get("audit.admin-token");
            AccessHistoryHandler admin = token == null ? null : new AccessHistoryHandler(new AuditReader(dataSource), token);
            LOG.info("audit: chain '{}'", node);
            return new AuditSetup(trail, outbox, exporter, admin);
        } catch (Exception | Error e) {
            if (exporter != null) exporter.close();
            if (outbox != null) outbox.close();
            trail.close();
            throw e;
        }
    }

    public AtnaTransactionAuditor auditor() { return auditor; }

    public AuditTrail trail() { return trail; }

    /** The admin endpoints, or null when no {@code audit.admin-token} is configured. */
    public AccessHistoryHandler adminHandler() { return adminHandler; }

    @Override
    public void close() {
        if (outbox != null) outbox.close();
        trail.close();
        if (exporter != null) exporter.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "gateway";
        }
    }
}
