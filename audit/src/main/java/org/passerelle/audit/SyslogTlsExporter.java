package org.passerelle.audit;

import org.openehealth.ipf.commons.audit.DefaultAuditContext;
import org.openehealth.ipf.commons.audit.DefaultAuditMetadataProvider;
import org.openehealth.ipf.commons.audit.protocol.TLSSyslogSenderImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Exports every stored audit event to an ATNA audit record repository as syslog over TLS (RFC 5424 message,
 * RFC 5425 framing), with IPF's {@link TLSSyslogSenderImpl}. The database trail stays the record of truth: export
 * runs on its own thread after commit, and an export failure is logged (and counted), never fatal.
 * Register with {@link AuditTrail#addListener}.
 */
public final class SyslogTlsExporter implements Consumer<AuditTrail.StoredEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogTlsExporter.class);

    /**
     * @param sslContext with the gateway's client key (mutual TLS) and the repository's trust anchors
     */
    public record Settings(String host, int port, SSLContext sslContext, String sendingApplication, String hostName) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(sslContext, "sslContext");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("syslog port " + port + " out of range");
            if (sendingApplication == null) sendingApplication = "passerelle";
            if (hostName == null) hostName = "passerelle";
        }
    }

    private final DefaultAuditContext context = new DefaultAuditContext();
    private final DefaultAuditMetadataProvider metadata = new DefaultAuditMetadataProvider();
    private final TLSSyslogSenderImpl sender;
    private final ThreadPoolExecutor executor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public SyslogTlsExporter(Settings settings) {
        this.sender = new TLSSyslogSenderImpl(settings.sslContext().getSocketFactory(),
                TLSSyslogSenderImpl.SocketTestPolicy.TEST_BEFORE_WRITE);
        context.setAuditRepositoryHost(settings.host());
        context.setAuditRepositoryPort(settings.port());
        context.setAuditTransmissionProtocol(sender);
        context.setAuditEnabled(true);
        metadata.setHostName(settings.hostName());
        metadata.setSendingApplication(settings.sendingApplication());
        metadata.setProcessID(String.valueOf(ProcessHandle.current().pid()));
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "audit-syslog-tls");
            t.setDaemon(true);
            return t;
        }, (r, ex) -> {
            failed.incrementAndGet();
            LOG.warn("syslog export queue full: an audit message was not exported (it remains in the database trail)");
        });
    }

    @Override
    public void accept(AuditTrail.StoredEvent stored) {
        executor.execute(() -> {
            try {
                sender.send(context, metadata, stored.atnaXml());
                sent.incrementAndGet();
            } catch (Exception e) {
                failed.incrementAndGet();
                LOG.warn("syslog TLS export of audit row {} to {}:{} failed (kept in the database trail): {}",
                        stored.rowId(), context.getAuditRepositoryHostName(), context.getAuditRepositoryPort(), e.toString());
            }
        });
    }

    public long sentCount() { return sent.get(); }

    public long failedCount() { return failed.get(); }

    /** An SSL context from PKCS#12 files: the client key store (may be null for server-auth only) and the trust store. */
    public static SSLContext sslContext(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) { ks.load(in, keyPassword); }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keyPassword);
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) { ts.load(in, trustPassword); }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Waits for queued exports (bounded), then closes the connection. */
    @Override
    public void close() {
        executor.shutdown();
        try { executor.awaitTermination(10, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        sender.shutdown();
    }
}
