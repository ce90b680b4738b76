package org.passerelle.registry;

import jakarta.activation.DataSource;

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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Document content in the database, in chunks of {@code chunkSize} bytes (table repo_chunk), so that neither storing
 * nor retrieving ever holds a whole document in memory, and any node of a cluster can serve any document.
 */
final class ContentStore {
    record Stored(String hash, long size, int chunks) {}

    record StoredDocument(String uniqueId, String hash, long size, String mimeType, int chunks) {}

    private final javax.sql.DataSource ds;
    private final int chunkSize;

    ContentStore(javax.sql.DataSource ds, int chunkSize) {
        this.ds = ds;
        this.chunkSize = chunkSize;
    }

    /** Thrown by {@link #write} before inserting the chunk that would take the content beyond {@code maxBytes}. */
    static final class LimitExceeded extends Exception {
        LimitExceeded(long maxBytes) {
            super("more than " + maxBytes + " bytes", null, false, false);
        }
    }

    /**
     * Streams {@code in} once: SHA-1 and size computed on the way, chunks inserted in the caller's transaction.
     * Stops, without inserting the chunk, as soon as the content would exceed {@code maxBytes}.
     */
    Stored write(Connection c, String uniqueId, String mimeType, InputStream in, long maxBytes)
            throws SQLException, IOException, LimitExceeded {
        MessageDigest sha1 = sha1();
        byte[] buf = new byte[chunkSize];
        long size = 0;
        int seq = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO repo_chunk (unique_id, seq, bytes) VALUES (?, ?, ?)")) {
            while (true) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n <= 0) break;
                if (size + n > maxBytes) throw new LimitExceeded(maxBytes);
                sha1.update(buf, 0, n);
                size += n;
                ps.setString(1, uniqueId);
                ps.setInt(2, seq++);
                ps.setBytes(3, n == buf.length ? buf : Arrays.copyOf(buf, n));
                ps.executeUpdate();
                if (n < buf.length) break;
            }
        }
        String hash = HexFormat.of().formatHex(sha1.digest());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO repo_document (unique_id, hash, doc_size, mime_type, "
                + "chunk_count, stored_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, uniqueId);
            ps.setString(2, hash);
            ps.setLong(3, size);
            ps.setString(4, mimeType);
            ps.setInt(5, seq);
            ps.setLong(6, Instant.now().toEpochMilli());
            ps.executeUpdate();
        }
        return new Stored(hash, size, seq);
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
                "SELECT hash, doc_size, mime_type, chunk_count FROM repo_document WHERE unique_id = ?")) {
            ps.setString(1, uniqueId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new StoredDocument(uniqueId, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4)));
            }
        }
    }

    /** A DataSource reading the chunks lazily, one short query per chunk. */
    DataSource open(StoredDocument doc, String mimeType) {
        return new ChunkedDataSource(doc, mimeType);
    }

    private byte[] readChunk(String uniqueId, int seq) throws IOException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT bytes FROM repo_chunk WHERE unique_id = ? AND seq = ?")) {
            ps.setString(1, uniqueId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IOException("document " + uniqueId + ": chunk " + seq + " is missing from the database");
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IOException("document " + uniqueId + ": cannot read chunk " + seq + ": " + e.getMessage(), e);
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
                current = readChunk(doc.uniqueId(), nextChunk++);
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
