package org.passerelle.audit;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The append-only, tamper-evident audit trail.
 * <p>
 * Design: request threads never touch the database or a lock here. {@link #record} puts the event on a bounded
 * queue and returns; one writer thread per node drains the queue in batches and, in one database transaction per
 * batch, builds each event's ATNA message, links it to the previous row of this node's chain (SHA-256 over the row
 * and the previous hash), inserts the rows and any notifications they trigger, and moves the chain head.
 * Each node writes its own chain ({@link Config#chainId()}, a partition), so several gateway nodes on one
 * PostgreSQL never contend for one global tail; if two processes are misconfigured with the same chain id, the
 * optimistic head update makes one of them reload the head and retry, so the chain never forks. When the queue is
 * full, record() blocks (back-pressure) rather than dropping an event.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /**
     * @param chainId       this node's chain (partition) id, stable across restarts (e.g. the host name)
     * @param auditSourceId ATNA AuditSourceID
     * @param queueCapacity events waiting at most
     * @param batchSize     events written per transaction at most
     */
    public record Config(String chainId, String auditSourceId, int queueCapacity, int batchSize) {
        public Config {
            Objects.requireNonNull(chainId, "chainId");
            if (chainId.isBlank() || chainId.length() > 100) throw new IllegalArgumentException("chainId must be 1..100 characters");
            if (auditSourceId == null) auditSourceId = "passerelle-" + chainId;
            if (queueCapacity < 1 || batchSize < 1) throw new IllegalArgumentException("queueCapacity and batchSize must be positive");
        }

        public static Config forNode(String chainId) { return new Config(chainId, null, 100_000, 500); }
    }

    /** A row as stored, handed to listeners (syslog export) after its transaction committed. */
    public record StoredEvent(long rowId, long seq, AuditEvent event, String atnaXml) { }

    private record Pending(AuditEvent event, CompletableFuture<Long> done) { }

    private static final Pending STOP = new Pending(null, null);
    private static final int MAX_ATTEMPTS = 20;

    private final DataSource dataSource;
    private final Config config;
    private final AtnaMessages atna;
    private final AuditReader reader;
    private final BlockingQueue<Pending> queue;
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final Notifications notifications = new Notifications();
    private volatile boolean closed;

    private AuditTrail(DataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.config = config;
        this.atna = new AtnaMessages(config.auditSourceId(), null);
        this.reader = new AuditReader(dataSource);
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.writer = new Thread(this::writeLoop, "audit-writer-" + config.chainId());
        this.writer.setDaemon(true);
    }

    /** Migrates the audit schema (table flyway_history_audit) and starts this node's writer. */
    public static AuditTrail open(DataSource dataSource, Config config) {
        migrate(dataSource);
        AuditTrail t = new AuditTrail(dataSource, config);
        t.writer.start();
        return t;
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/audit")
                .table("flyway_history_audit").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    /**
     * Queues one event. Returns at once with a future completed with the row id when the event is durably stored
     * (or exceptionally when it could not be). Blocks only when the queue is full.
     */
    public CompletableFuture<Long> record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) throw new IllegalStateException("audit trail is closed");
        CompletableFuture<Long> f = new CompletableFuture<>();
        try {
            queue.put(new Pending(event, f));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Waits until every event queued before this call is stored. */
    public void flush() {
        CompletableFuture<Long> marker = record(new AuditEvent(null, "FLUSH", AuditEvent.Outcome.SUCCESS, null, null,
                null, null, null, null, null, null, null, null, null, null));
        marker.join();
    }

    /** Receives every stored event after commit, on the writer thread (keep it quick or hand it off). */
    public void addListener(Consumer<StoredEvent> listener) { listeners.add(listener); }

    public AuditReader reader() { return reader; }

    public ChainVerification verifyChain() { return reader.verifyChain(); }

    public List<AccessHistoryEntry> history(String patientId, Instant from, Instant to) { return reader.history(patientId, from, to); }

    public String chainId() { return config.chainId(); }

    /** Events waiting to be written. */
    public int backlog() { return queue.size(); }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.batchSize());
        boolean stopping = false;
        while (!stopping) {
            try {
                Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, config.batchSize() - 1);
                List<Pending> real = new ArrayList<>(batch.size());
                List<Pending> markers = new ArrayList<>();
                for (Pending p : batch) {
                    if (p == STOP) stopping = true;
                    else if ("FLUSH".equals(p.event().transaction())) markers.add(p);
                    else real.add(p);
                }
                if (!real.isEmpty()) writeWithRetry(real);
                markers.forEach(m -> m.done().complete(0L));
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("audit writer: unexpected failure, {} event(s) not stored", batch.size(), e);
                batch.forEach(p -> { if (p.done() != null) p.done().completeExceptionally(e); });
                batch.clear();
            }
        }
    }

    private void writeWithRetry(List<Pending> batch) throws InterruptedException {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                List<StoredEvent> stored = writeBatch(batch);
                for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(stored.get(i).rowId());
                for (StoredEvent s : stored) {
                    for (Consumer<StoredEvent> l : listeners) {
                        try { l.accept(s); } catch (RuntimeException e) { LOG.warn("audit listener failed on row {}: {}", s.rowId(), e.toString()); }
                    }
                }
                return;
            } catch (SQLException e) {
                last = e;
                LOG.warn("audit writer: batch of {} event(s) not written (attempt {}/{}): {}", batch.size(), attempt, MAX_ATTEMPTS, e.getMessage());
                // back-off with jitter: two writers misconfigured on one chain must not collide forever
                Thread.sleep(Math.min(1000L, 10L * attempt * attempt) + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
            }
        }
        String msg = AuditFailure.WRITE_FAILED.message(MAX_ATTEMPTS, last.getMessage());
        for (Pending p : batch) {
            LOG.error("{}; lost event: {}", msg, p.event());
            p.done().completeExceptionally(new IllegalStateException(msg, last));
        }
    }

    private List<StoredEvent> writeBatch(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq = 0;
                String prev = ChainHash.GENESIS;
                boolean headExists = false;
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_chain_head WHERE chain_id = ?")) {
                    ps.setString(1, config.chainId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) { seq = rs.getLong(1); prev = rs.getString(2); headExists = true; }
                    }
                }
                long startSeq = seq;
                List<StoredEvent> stored = new ArrayList<>(batch.size());
                List<Long> seqs = new ArrayList<>(batch.size());
                // the ATNA serialisation is the costly part (IPF's DICOM marshaller): spread it over the cores,
                // then chain in order on this thread
                List<String> xmls = batch.parallelStream().map(p -> clean(atna.toXml(p.event()))).toList();
                int index = 0;
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit_event (chain_id, seq, event_time, "
                        + "transaction_id, outcome, user_id, user_name, structure_id, profession, specialty, auth_mode, "
                        + "access_mode, emergency_reason, patient_id, patient_key, document_ids, rule_id, detail, atna_xml, "
                        + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
                    for (Pending p : batch) {
                        AuditEvent e = p.event();
                        seq++;
                        String xml = xmls.get(index++);
                        String docs = e.documentIds().isEmpty() ? null : clean(String.join(" ", e.documentIds()));
                        Object[] hashed = {config.chainId(), seq, e.time().toEpochMilli(), e.transaction(), e.outcome().name(),
                                clean(e.userId()), clean(e.userName()), clean(e.structureId()), clean(e.profession()),
                                clean(e.specialty()), clean(e.authMode()), clean(e.accessMode()), clean(e.emergencyReason()),
                                clean(e.patientId()), docs, clean(e.ruleId()), clean(e.detail()), xml};
                        String hash = ChainHash.of(prev, hashed);
                        int i = 1;
                        ins.setString(i++, config.chainId());
                        ins.setLong(i++, seq);
                        ins.setObject(i++, e.time().atOffset(ZoneOffset.UTC));
                        for (int k = 3; k <= 13; k++) ins.setString(i++, (String) hashed[k]);
                        ins.setString(i++, AuditEvent.patientKey(clean(e.patientId())));
                        ins.setString(i++, docs);
                        ins.setString(i++, (String) hashed[15]);
                        ins.setString(i++, (String) hashed[16]);
                        ins.setString(i++, xml);
                        ins.setString(i++, prev);
                        ins.setString(i, hash);
                        ins.addBatch();
                        seqs.add(seq);
                        prev = hash;
                    }
                    ins.executeBatch(); // one round trip for the whole batch
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        for (int k = 0; k < batch.size(); k++) {
                            if (!keys.next()) throw new SQLException("the database returned " + k + " generated ids for " + batch.size() + " audit rows");
                            stored.add(new StoredEvent(keys.getLong(1), seqs.get(k), batch.get(k).event(), xmls.get(k)));
                        }
                    }
                }
                for (StoredEvent s : stored) notifications.onStored(c, s.rowId(), s.event());
                if (headExists) {
                    try (PreparedStatement up = c.prepareStatement(
                            "UPDATE audit_chain_head SET seq = ?, hash = ? WHERE chain_id = ? AND seq = ?")) {
                        up.setLong(1, seq);
                        up.setString(2, prev);
                        up.setString(3, config.chainId());
                        up.setLong(4, startSeq);
                        if (up.executeUpdate() != 1) throw new SQLException("chain " + config.chainId() + " moved under us (another writer with the same chain id?)");
                    }
                } else {
                    try (PreparedStatement insHead = c.prepareStatement("INSERT INTO audit_chain_head (chain_id, seq, hash) VALUES (?, ?, ?)")) {
                        insHead.setString(1, config.chainId());
                        insHead.setLong(2, seq);
                        insHead.setString(3, prev);
                        insHead.executeUpdate();
                    }
                }
                c.commit();
                notifications.afterTransaction(true);
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                notifications.afterTransaction(false);
                throw e;
            }
        }
    }

    /** PostgreSQL refuses NUL characters in text; VIHF-derived strings are cleaned before hashing and storing. */
    private static String clean(String s) { return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", ""); }

    /** Stops accepting events, writes every queued one, and stops the writer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            queue.put(STOP);
            writer.join(30_000);
            if (writer.isAlive()) LOG.error("audit writer did not finish within 30 s; {} event(s) still queued", queue.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
