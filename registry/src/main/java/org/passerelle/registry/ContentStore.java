package org.passerelle.registry;

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
 * <p>Content is <em>staged</em> before the submission's metadata transaction: its chunks go under a fresh content key
 * in small committed transactions (at most {@link #STAGE_COMMIT_BYTES} each), with a repo_staging row. H2 keeps a
 * whole uncommitted transaction on the heap, so one transaction holding a 100 MB document ran it out of memory (issue
 * 4); staged, no transaction holds more than a few MB. The document becomes visible only when the metadata transaction
 * inserts its repo_document row naming the key and deletes the staging row ({@link #publish}). Staging rows whose
 * submission failed are discarded at once (best effort) or swept by age ({@link #sweep}).
 */
final class ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);

    /** Most content bytes one staging transaction writes. */
    static final int STAGE_COMMIT_BYTES = 4 * 1024 * 1024;

    record Stored(String hash, long size, int chunks) {}

    /** Content staged under {@code key}, not yet visible. */
    record Staged(String key, String hash, long size, int chunks) {}

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
     * Streams {@code in} once into staging on connection {@code c}, committing every {@link #STAGE_COMMIT_BYTES}
     * and at the end: SHA-1 and size computed on the way. The key is added to {@code staged} before anything is
     * written, so that the caller can {@link #discard} it whatever happens. Stops, without writing the chunk, as soon as
     * the content would exceed {@code maxBytes}. {@code c} must carry no uncommitted work of the caller.
     */
    Staged stage(Connection c, InputStream in, long maxBytes, List<String> staged)
            throws SQLException, IOException, LimitExceeded {
        String key = "stg:" + UUID.randomUUID();
        staged.add(key);
        MessageDigest sha1 = sha1();
        long size = 0;
        int seq = 0;
        int pending = 0;
        int chunksPerCommit = Math.max(1, STAGE_COMMIT_BYTES / chunkSize);
        try (PreparedStatement stage = c.prepareStatement("INSERT INTO repo_staging (content_key, touched_at, swept) VALUES (?, ?, FALSE)");
             PreparedStatement touch = c.prepareStatement("UPDATE repo_staging SET touched_at = ? WHERE content_key = ?");
             PreparedStatement chunk = c.prepareStatement("INSERT INTO repo_chunk (content_key, seq, bytes) VALUES (?, ?, ?)");
             java.sql.Statement checkpoint = c.createStatement()) {
            stage.setString(1, key);
            stage.setLong(2, System.currentTimeMillis());
            stage.executeUpdate();
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
                if (++pending == chunksPerCommit) {
                    chunk.executeBatch();
                    // a long upload keeps its staging young: the sweeper goes by the last touch
                    touch.setLong(1, System.currentTimeMillis());
                    touch.setString(2, key);
                    touch.executeUpdate();
                    c.commit();
                    // H2 also keeps committed pages on the heap until its writer stores them (about once a second):
                    // written that fast, a big document would pile up in memory again; CHECKPOINT stores them now
                    if (h2) checkpoint.execute("CHECKPOINT");
                    pending = 0;
                }
                if (n < buf.length) break;
            }
            if (pending > 0) chunk.executeBatch();
            c.commit();
        }
        return new Staged(key, HexFormat.of().formatHex(sha1.digest()), size, seq);
    }

    /**
     * Makes staged content the document {@code uniqueId}, in the caller's (metadata) transaction. Fails when the
     * staging row is gone or claimed by a sweeper: then the chunks may be going, and nothing must reference them.
     */
    void publish(Connection c, String uniqueId, String mimeType, Staged staged) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM repo_staging WHERE content_key = ? AND swept = FALSE")) {
            ps.setString(1, staged.key());
            if (ps.executeUpdate() != 1) {
                throw RegistryFailure.STAGED_CONTENT_LOST.exception(uniqueId, uniqueId);
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

    Optional<StoredDocument> find(Connection c, String uniqueId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT content_key, hash, doc_size, mime_type, chunk_count FROM repo_document WHERE unique_id = ?")) {
            ps.setString(1, uniqueId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new StoredDocument(uniqueId, rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getInt(5)));
            }
        }
    }

    /** A DataSource reading the chunks lazily, one short query per chunk. */
    DataSource open(StoredDocument doc, String mimeType) {
        return new ChunkedDataSource(doc, mimeType);
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

    private final class ChunkedDataSource implements DataSource {
        private final StoredDocument doc;
        private final String mimeType;

        ChunkedDataSource(StoredDocument doc, String mimeType) {
            this.doc = doc;
            this.mimeType = mimeType;
        }

        @Override
        public InputStream getInputStream() {
            return new ChunkInputStream(doc);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("stored documents are read-only");
        }

        @Override
        public String getContentType() {
            return mimeType != null ? mimeType : doc.mimeType() != null ? doc.mimeType() : "application/octet-stream";
        }

        @Override
        public String getName() {
            return doc.uniqueId();
        }
    }

    private final class ChunkInputStream extends InputStream {
        private final StoredDocument doc;
        private int nextChunk;
        private byte[] current = new byte[0];
        private int pos;

        ChunkInputStream(StoredDocument doc) {
            this.doc = doc;
        }

        private boolean fill() throws IOException {
            while (pos >= current.length) {
                if (nextChunk >= doc.chunks()) return false;
                current = readChunk(doc, nextChunk++);
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
