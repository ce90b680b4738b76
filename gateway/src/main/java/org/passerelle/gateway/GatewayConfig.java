package org.passerelle.gateway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's configuration. Built with {@link #builder()} (tests, embedding) or {@link #load(Path, Map)} from a
 * properties file overridden by environment variables: a key {@code db.url} is overridden by
 * {@code PASSERELLE_DB_URL}, {@code http.port} by {@code PASSERELLE_HTTP_PORT}, and so on.
 *
 * @param host              interface the HTTP server binds to
 * @param port              HTTP port; 0 picks a free port
 * @param dataDir           directory of the embedded H2 database (used when neither dataSource nor jdbcUrl is set)
 * @param jdbcUrl           JDBC url of the database (H2 or PostgreSQL), or null for the embedded default
 * @param dbUser            database user, or null
 * @param dbPassword        database password, or null
 * @param dataSource        a ready data source (tests, embedding); wins over jdbcUrl; not closed by the gateway
 * @param profile           affinity-domain rules: fr-dmp (default) or ihe
 * @param kitDir            the CI-SIS kit directory (value sets, schematrons), or null for the embedded defaults
 * @param cdaValidation     how CDA documents carried by ITI-41 are checked under fr-dmp: OFF, EMBEDDED (the
 *                          project's rules, default) or KIT (the ANS kit in kitDir); header vs metadata unless OFF
 * @param insTestOids       accept the INS test/demo assigning authorities (1.2.250.1.213.1.4.10 / .11)
 * @param repositoryUniqueId this repository's uniqueId
 * @param maxRequestBytes   largest accepted request (envelope plus attachments), in bytes
 * @param maxTextLength     largest XML text node in the envelope, in characters
 * @param maxElementCount   largest number of XML elements in the envelope
 * @param security          require VIHF/XUA security on every request
 * @param mllpPort          ITI-8 patient feed MLLP port, or -1 for none
 * @param properties        every key of the configuration file (after environment overrides of the known keys):
 *                          read by the security wiring ({@code tls.*}, {@code security.vihf.*}) and by the
 *                          {@code access.enabled} / {@code audit.enabled} switches
 */
public record GatewayConfig(String host, int port, Path dataDir, String jdbcUrl, String dbUser, String dbPassword,
                            DataSource dataSource, Profile profile, Path kitDir, CdaMode cdaValidation,
                            boolean insTestOids, String repositoryUniqueId, long maxRequestBytes, int maxTextLength,
                            int maxElementCount, boolean security, int mllpPort,
                            Map<String, String> properties) {

    public static final String DEFAULT_REPOSITORY_UNIQUE_ID = "1.2.250.1.999.7.1";

    public GatewayConfig {
        if (host == null || host.isBlank()) host = "0.0.0.0";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port out of range: " + port);
        if (dataDir == null) dataDir = Path.of("data");
        if (profile == null) profile = Profile.FR_DMP;
        if (cdaValidation == null) cdaValidation = CdaMode.EMBEDDED;
        if (cdaValidation == CdaMode.KIT && kitDir == null) {
            throw new IllegalArgumentException("cda.validation=kit needs kit.dir");
        }
        if (repositoryUniqueId == null || repositoryUniqueId.isBlank()) repositoryUniqueId = DEFAULT_REPOSITORY_UNIQUE_ID;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        if (maxRequestBytes <= 0) throw new IllegalArgumentException("max.request.bytes must be positive");
    }

    /** The JDBC url the gateway connects to when no data source is given. */
    public String effectiveJdbcUrl() {
        if (jdbcUrl != null && !jdbcUrl.isBlank()) return jdbcUrl;
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("passerelle")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    public static Builder builder() { return new Builder(); }

    /** A boolean switch of {@link #properties()} ({@code true}/{@code false}), or {@code otherwise} when unset. */
    public boolean flag(String key, boolean otherwise) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? otherwise : Boolean.parseBoolean(v.trim());
    }

    /**
     * {@code content.orphan.age.minutes} (default 60): document content staged by a submission that never committed
     * (crash, failed clean-up) is deleted once untouched for this long, at start-up and periodically; 0 = never.
     * Must exceed the longest pause of a live upload (the store touches a staging every 4 MB).
     */
    public java.time.Duration orphanContentAge() {
        String v = properties.get("content.orphan.age.minutes");
        if (v == null || v.isBlank()) return java.time.Duration.ofMinutes(60);
        try {
            long minutes = Long.parseLong(v.trim());
            if (minutes < 0) throw new NumberFormatException("negative");
            return java.time.Duration.ofMinutes(minutes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("content.orphan.age.minutes must be a number of minutes >= 0: " + v);
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host; b.port = port; b.dataDir = dataDir; b.jdbcUrl = jdbcUrl; b.dbUser = dbUser;
        b.dbPassword = dbPassword; b.dataSource = dataSource; b.profile = profile; b.kitDir = kitDir;
        b.cdaValidation = cdaValidation; b.insTestOids = insTestOids; b.repositoryUniqueId = repositoryUniqueId;
        b.maxRequestBytes = maxRequestBytes; b.maxTextLength = maxTextLength; b.maxElementCount = maxElementCount;
        b.security = security; b.mllpPort = mllpPort; b.properties = properties;
        return b;
    }

    public GatewayConfig withPort(int p) { return toBuilder().port(p).build(); }
    public GatewayConfig withProfile(Profile p) { return toBuilder().profile(p).build(); }
    public GatewayConfig withDataSource(DataSource ds) { return toBuilder().dataSource(ds).build(); }
    public GatewayConfig withKitDir(Path dir) { return toBuilder().kitDir(dir).build(); }

    /**
     * Reads a properties file (optional, may be null) then applies the environment ({@code PASSERELLE_*}).
     */
    public static GatewayConfig load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        Builder b = builder();
        Map<String, String> all = new java.util.HashMap<>();
        for (String k : p.stringPropertyNames()) all.put(k, p.getProperty(k).trim());
        Lookup l = key -> {
            String e = env.get("PASSERELLE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            return e != null && !e.isBlank() ? e.trim() : p.getProperty(key) == null ? null : p.getProperty(key).trim();
        };
        try {
            if (l.get("http.host") != null) b.host(l.get("http.host"));
            if (l.get("http.port") != null) b.port(Integer.parseInt(l.get("http.port")));
            if (l.get("data.dir") != null) b.dataDir(Path.of(l.get("data.dir")));
            if (l.get("db.url") != null) b.jdbcUrl(l.get("db.url"));
            if (l.get("db.user") != null) b.dbUser(l.get("db.user"));
            if (l.get("db.password") != null) b.dbPassword(l.get("db.password"));
            if (l.get("profile") != null) b.profile(Profile.of(l.get("profile")));
            if (l.get("kit.dir") != null) b.kitDir(Path.of(l.get("kit.dir")));
            if (l.get("cda.validation") != null) b.cdaValidation(CdaMode.of(l.get("cda.validation")));
            if (l.get("ins.test.oids") != null) b.insTestOids(Boolean.parseBoolean(l.get("ins.test.oids")));
            if (l.get("repository.unique.id") != null) b.repositoryUniqueId(l.get("repository.unique.id"));
            if (l.get("max.request.bytes") != null) b.maxRequestBytes(Long.parseLong(l.get("max.request.bytes")));
            if (l.get("max.text.length") != null) b.maxTextLength(Integer.parseInt(l.get("max.text.length")));
            if (l.get("max.element.count") != null) b.maxElementCount(Integer.parseInt(l.get("max.element.count")));
            if (l.get("security.enabled") != null) b.security(Boolean.parseBoolean(l.get("security.enabled")));
            if (l.get("mllp.port") != null) b.mllpPort(Integer.parseInt(l.get("mllp.port")));
            for (String k : new String[] {"http.host", "http.port", "data.dir", "db.url", "db.user", "db.password",
                    "profile", "kit.dir", "cda.validation", "ins.test.oids", "repository.unique.id", "max.request.bytes",
                    "max.text.length", "max.element.count", "security.enabled", "mllp.port", "access.enabled",
                    "audit.enabled", "audit.node", "content.orphan.age.minutes"}) {
                if (l.get(k) != null) all.put(k, l.get(k));
            }
            b.properties(all);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in configuration: " + e.getMessage(), e);
        }
        return b.build();
    }

    private interface Lookup { String get(String key); }

    /** How ITI-41 CDA documents are checked under fr-dmp. */
    public enum CdaMode {
        OFF, EMBEDDED, KIT;

        public static CdaMode of(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "off", "false", "none" -> OFF;
                case "embedded", "true", "default" -> EMBEDDED;
                case "kit" -> KIT;
                default -> throw new IllegalArgumentException("cda.validation must be off, embedded or kit: " + text);
            };
        }
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private String jdbcUrl;
        private String dbUser;
        private String dbPassword;
        private DataSource dataSource;
        private Profile profile = Profile.FR_DMP;
        private Path kitDir;
        private CdaMode cdaValidation = CdaMode.EMBEDDED;
        private boolean insTestOids = false;
        private String repositoryUniqueId = DEFAULT_REPOSITORY_UNIQUE_ID;
        private long maxRequestBytes = 200L * 1024 * 1024;
        private int maxTextLength = 128 * 1024 * 1024;
        private int maxElementCount = 1_000_000;
        private boolean security = false;
        private int mllpPort = -1;
        private Map<String, String> properties = Map.of();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder jdbcUrl(String v) { jdbcUrl = v; return this; }
        public Builder dbUser(String v) { dbUser = v; return this; }
        public Builder dbPassword(String v) { dbPassword = v; return this; }
        public Builder dataSource(DataSource v) { dataSource = v; return this; }
        public Builder profile(Profile v) { profile = v; return this; }
        public Builder kitDir(Path v) { kitDir = v; return this; }
        public Builder cdaValidation(CdaMode v) { cdaValidation = v; return this; }
        public Builder insTestOids(boolean v) { insTestOids = v; return this; }
        public Builder repositoryUniqueId(String v) { repositoryUniqueId = v; return this; }
        public Builder maxRequestBytes(long v) { maxRequestBytes = v; return this; }
        public Builder maxTextLength(int v) { maxTextLength = v; return this; }
        public Builder maxElementCount(int v) { maxElementCount = v; return this; }
        public Builder security(boolean v) { security = v; return this; }
        public Builder mllpPort(int v) { mllpPort = v; return this; }
        public Builder properties(Map<String, String> v) { properties = v; return this; }
        public Builder property(String key, String value) {
            Map<String, String> m = new java.util.HashMap<>(properties);
            m.put(key, value);
            properties = m;
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, dataSource, profile, kitDir,
                    cdaValidation, insTestOids, repositoryUniqueId, maxRequestBytes, maxTextLength, maxElementCount,
                    security, mllpPort, properties);
        }
    }
}
