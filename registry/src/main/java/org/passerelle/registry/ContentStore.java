package org.passerelle.registry;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Document content in the database, in chunks of {@code chunkSize} bytes (table repo_chunk), so that neither storing
 * nor retrieving ever holds a whole document in memory, and any node of a cluster can serve any document.
 *
 * <p>Content goes under a fresh content key, and becomes visible only when the submission's metadata transaction
 * inserts its repo_document row naming the key ({@link #publish}). H2 keeps a whole uncommitted transaction on the
 * heap, so one transaction holding a 100 MB document ran it out of memory (issue 4): once a submission has written
 * {@link #STAGE_COMMIT_BYTES} of content, its content is <em>staged</em>: a repo_staging row per content key, committed
 * with the chunks so far, then a commit every {@link #STAGE_COMMIT_BYTES}; publishing deletes the staging row. A
 * submission with less content (nearly all: a CDA is ~100 KB) never commits early: its chunks stay in the metadata
 * transaction, with no staging row and no extra commit. Staging rows whose submission failed are discarded at once
 * (best effort) or swept by age ({@link #sweep}).
 */
final class ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);

    /** Most content bytes one staging transaction writes. */
    static final int STAGE_COMMIT_BYTES = 4 * 1024 * 1024;

    record Stored(String hash, long size, int chunks) {}

    /** Content written under {@code key}, not yet visible. */
    record Staged(String key, String hash, long size, int chunks) {}

    /** The content keys one submission wrote: only in its open transaction, or staged (with a staging row). */
    static final class Staging {
        final List<String> inTransaction = new ArrayList<>();
        final List<String> staged = new ArrayList<>();
        int uncommittedChunks;
    }

    record StoredDocument(String uniqueId, String contentKey, String hash, long size, String mimeType, int chunks) {}

    private final javax.sql.DataSource ds;
    private final int chunkSize;
    private final boolean h2;

    ContentStore(javax.sql.DataSource ds, int chunkSize) {
        this.ds = ds;
        this.chunkSize = chunkSize;
        this.h2 = isH2(ds);
    }

    private static boolean isH2(javax.sql.DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product name: " + e.getMessage(), e);
        }
    }

    /** Thrown by {@link #stage} before writing the chunk that would take the content beyond {@code maxBytes}. */
    static final class LimitExceeded extends Exception {
        LimitExceeded(long maxBytes) {
            super("more than " + maxBytes + " bytes", null, false, false);
        }
    }

    /**
     * Streams {@code in} once under a fresh key on connection {@code c} (SHA-1 and size computed on the way); once the
     * submission's content exceeds {@link #STAGE_COMMIT_BYTES}, stages it and commits every
     * {@link #STAGE_COMMIT_BYTES}. Stops, without writing the chunk, as soon as the content would exceed
     * {@code maxBytes}. {@code c} must carry no uncommitted work of the caller besides earlier {@code stage} calls.
     */
    Staged stage(Connection c, InputStream in, long maxBytes, Staging staging)
            throws SQLException, IOException, LimitExceeded {
        String key = "stg:" + UUID.randomUUID();
        staging.inTransaction.add(key);
        MessageDigest sha1 = sha1();
        long size = 0;
        int seq = 0;
        int chunksPerCommit = Math.max(1, STAGE_COMMIT_BYTES / chunkSize);
        try (PreparedStatement chunk = c.prepareStatement("INSERT INTO repo_chunk (content_key, seq, bytes) VALUES (?, ?, ?)")) {
            while (true) {
                byte[] buf = new byte[chunkSize];
                int n = in.readNBytes(buf, 0, buf.length);
                if (n <= 0) break;
                if (size + n > maxBytes) throw new LimitExceeded(maxBytes);
                sha1.update(buf, 0, n);
                size += n;
                chunk.setString(1, key);
                chunk.setInt(2, seq++);
                chunk.setBytes(3, n == buf.length ? buf : Arrays.copyOf(buf, n));
                chunk.addBatch();
                if (++staging.uncommittedChunks >= chunksPerCommit) {
                    chunk.executeBatch();
                    commitStaging(c, staging, key);
                }
                if (n < buf.length) break;
            }
            chunk.executeBatch();
        }
        return new Staged(key, HexFormat.of().formatHex(sha1.digest()), size, seq);
    }

    /**
     * Stages every key still only in the transaction (a staging row each), touches {@code current} (a long upload keeps
     * its staging young: the sweeper goes by the last touch), and commits.
     */
    void commitStaging(Connection c, Staging staging, String current) throws SQLException {
        long now = System.currentTimeMillis();
        if (!staging.inTransaction.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO repo_staging (content_key, touched_at, swept) VALUES (?, ?, FALSE)")) {
                for (String key : staging.inTransaction) {
                    ps.setString(1, key);
                    ps.setLong(2, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            staging.staged.addAll(staging.inTransaction);
            staging.inTransaction.clear();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE repo_staging SET touched_at = ? WHERE content_key = ?")) {
            ps.setLong(1, now);
            ps.setString(2, current);
            ps.executeUpdate();
        }
        c.commit();
        staging.uncommittedChunks = 0;
        if (h2) {
            // H2 also keeps committed pages on the heap until its writer stores them (about once a second): written
            // that fast, a big document would pile up in memory again; CHECKPOINT stores them now
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
        }
    }

    /**
     * Makes written content the document {@code uniqueId}, in the caller's (metadata) transaction. Staged content
     * fails when its staging row is gone or claimed by a sweeper: then the chunks may be going, and nothing must
     * reference them.
     */
    void publish(Connection c, String uniqueId, String mimeType, Staged staged, Staging staging) throws SQLException {
        if (staging.staged.contains(staged.key())) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM repo_staging WHERE content_key = ? AND swept = FALSE")) {
                ps.setString(1, staged.key());
                if (ps.executeUpdate() != 1) {
                    throw RegistryFailure.STAGED_CONTENT_LOST.exception(uniqueId, uniqueId);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO repo_document (unique_id, content_key, hash, doc_size, "
                + "mime_type, chunk_count, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, uniqueId);
            ps.setString(2, staged.key());
            ps.setString(3, staged.hash());
            ps.setLong(4, staged.size());
            ps.setString(5, mimeType);
            ps.setInt(6, staged.chunks());
            ps.setLong(7, Instant.now().toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * Best effort, after a failed submission: deletes what it staged, in small transactions of its own. Never touches
     * published content (its staging row is gone). Failures are logged; the sweeper gets the rest later.
     */
    void discard(List<String> keys) {
        for (String key : keys) {
            try {
                if (claim(key, Long.MAX_VALUE)) delete(key);
            } catch (SQLException e) {
                LOG.warn("staged content {} of a failed submission not deleted now ({}); the orphan sweeper will", key, e.getMessage());
            }
        }
    }

    /**
     * Deletes staged content last touched more than {@code ageMillis} ago and never published (crash, failed discard),
     * and finishes sweeps interrupted earlier. Several nodes may sweep at once: a row is claimed by one of them, and a
     * submission still publishing it then fails instead of referencing chunks being deleted.
     *
     * @return the number of staged contents deleted
     */
    int sweep(long ageMillis) throws SQLException {
        long cutoff = System.currentTimeMillis() - ageMillis;
        List<String> candidates = new ArrayList<>();
        List<String> resumed = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_key, swept FROM repo_staging WHERE touched_at < ? ORDER BY touched_at LIMIT 1000")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) (rs.getBoolean(2) ? resumed : candidates).add(rs.getString(1));
            }
        }
        int deleted = 0;
        for (String key : resumed) {
            delete(key);
            deleted++;
        }
        for (String key : candidates) {
            if (claim(key, cutoff)) {
                delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Marks the staging row swept, in a committed transaction of its own; false when it is gone, claimed, young or (never
     * expected: publishing deletes the row) names published content.
     */
    private boolean claim(String key, long touchedBefore) throws SQLException {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE repo_staging SET swept = TRUE WHERE content_key = ? AND swept = FALSE AND touched_at < ? "
                            + "AND NOT EXISTS (SELECT 1 FROM repo_document d WHERE d.content_key = repo_staging.content_key)")) {
                ps.setString(1, key);
                ps.setLong(2, touchedBefore);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a claimed staging's chunks a few MB per transaction (H2 heap), then its row. */
    private void delete(String key) throws SQLException {
        int perTransaction = Math.max(1, STAGE_COMMIT_BYTES / chunkSize);
        int top = Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM repo_chunk WHERE content_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int max = rs.getInt(1);
                    return rs.wasNull() ? -1 : max;
                }
            }
        });
        for (int from = top - top % perTransaction; from >= 0; from -= perTransaction) {
            int lo = from;
            Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM repo_chunk WHERE content_key = ? AND seq >= ? AND seq < ?")) {
                    ps.setString(1, key);
                    ps.setInt(2, lo);
                    ps.setInt(3, lo + perTransaction);
                    return ps.executeUpdate();
                }
            });
        }
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM repo_staging WHERE content_key = ? AND swept = TRUE")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    /** Hash and size of content that will not be stored (e.g. to tell a duplicate from a conflicting document). */
    static Stored digest(InputStream in) throws IOException {
        MessageDigest sha1 = sha1();
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            sha1.update(buf, 0, n);
            size += n;
        }
        return new Stored(HexFormat.of().formatHex(sha1.digest()), size, 0);
    }

    /**
     * A stored document as a retrieve needs it: its content reference, the status of its DocumentEntry's latest version
     * (null when none), and its content when that is a single chunk (null otherwise: the chunks are read lazily).
     */
    record Retrievable(StoredDocument doc, String entryStatus, byte[] singleChunk) {}

    /** One query per document: content reference, entry status and, for a one-chunk document, the content itself. */
    Optional<Retrievable> findForRetrieve(Connection c, String uniqueId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.content_key, d.hash, d.doc_size, d.mime_type, d.chunk_count, "
                        + "(SELECT e.status FROM reg_document_entry e WHERE e.unique_id = d.unique_id "
                        + "ORDER BY e.version DESC LIMIT 1), ch.bytes "
                        + "FROM repo_document d LEFT JOIN repo_chunk ch "
                        + "ON d.chunk_count = 1 AND ch.content_key = d.content_key AND ch.seq = 0 "
                        + "WHERE d.unique_id = ?")) {
            ps.setString(1, uniqueId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                StoredDocument doc = new StoredDocument(uniqueId, rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getInt(5));
                return Optional.of(new Retrievable(doc, rs.getString(6), rs.getBytes(7)));
            }
        }
    }

    /**
     * The content of a retrieved document: a one-chunk document from the bytes already read, a bigger one reading its
     * chunks lazily, one short query per chunk.
     */
    DataHandler handler(Retrievable found) {
        return new ContentHandler(new ChunkedDataSource(found.doc(), found.singleChunk()));
    }

    private byte[] readChunk(StoredDocument doc, int seq) throws IOException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT bytes FROM repo_chunk WHERE content_key = ? AND seq = ?")) {
            ps.setString(1, doc.contentKey());
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IOException("document " + doc.uniqueId() + ": chunk " + seq + " is missing from the database");
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IOException("document " + doc.uniqueId() + ": cannot read chunk " + seq + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the content a chunk at a time, each in one write: {@link DataHandler#writeTo} would copy it through an
     * 8 KB buffer, one write (and one trip through the HTTP output) per 8 KB.
     */
    private static final class ContentHandler extends DataHandler {
        private final ChunkedDataSource source;

        ContentHandler(ChunkedDataSource source) {
            super(source);
            this.source = source;
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            for (int seq = 0; seq < source.doc.chunks(); seq++) {
                os.write(source.chunk(seq));
            }
        }
    }

    private final class ChunkedDataSource implements DataSource {
        private final StoredDocument doc;
        private final byte[] firstChunk;

        /** @param firstChunk chunk 0 when already read, else null */
        ChunkedDataSource(StoredDocument doc, byte[] firstChunk) {
            this.doc = doc;
            this.firstChunk = firstChunk;
        }

        byte[] chunk(int seq) throws IOException {
            return seq == 0 && firstChunk != null ? firstChunk : readChunk(doc, seq);
        }

        @Override
        public InputStream getInputStream() {
            return new ChunkInputStream(this);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("stored documents are read-only");
        }

        @Override
        public String getContentType() {
            return doc.mimeType() != null ? doc.mimeType() : "application/octet-stream";
        }

        @Override
        public String getName() {
            return doc.uniqueId();
        }
    }

    private static final class ChunkInputStream extends InputStream {
        private final ChunkedDataSource source;
        private int nextChunk;
        private byte[] current = new byte[0];
        private int pos;

        ChunkInputStream(ChunkedDataSource source) {
            this.source = source;
        }

        private boolean fill() throws IOException {
            while (pos >= current.length) {
                if (nextChunk >= source.doc.chunks()) return false;
                current = source.chunk(nextChunk++);
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) return -1;
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }
    }
}
