package org.passerelle.conformance;

import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.passerelle.feed.FeedListener;
import org.passerelle.feed.FeedOptions;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;

/**
 * Passerelle's own gateway started in this JVM on free ports of 127.0.0.1, for {@code conformance run} without
 * {@code --endpoint} and for the project test that runs the whole kit. Its ITI-8 feed is module patient-feed's
 * {@link FeedListener} registering into the gateway's registry ({@code RegistryBackend.patients()}): GatewayServer
 * does not start a feed listener of its own yet.
 */
public final class EmbeddedGateway implements AutoCloseable {
    private final GatewayServer server;
    private final FeedListener feed;
    /** Closed after the server: the backend the gateway was given (the explicit-collaborator start keeps it open). */
    private final AutoCloseable backend;

    private EmbeddedGateway(GatewayServer server, FeedListener feed, AutoCloseable backend) {
        this.server = server;
        this.feed = feed;
        this.backend = backend;
    }

    public String baseUrl() { return server.baseUrl(); }
    public int feedPort() { return feed == null ? -1 : feed.port(); }
    public String repositoryUniqueId() { return server.repositoryUniqueId(); }

    /** Starts the gateway on its embedded H2 database in {@code dataDir}, profile "ihe" (NIST tests) or "fr-dmp". */
    public static EmbeddedGateway start(Path dataDir, String profile) throws IOException {
        return start(GatewayConfig.builder().dataDir(dataDir), profile);
    }

    /** Starts the gateway on a given database (tests: H2 or PostgreSQL from TestDatabase). */
    public static EmbeddedGateway start(DataSource dataSource, String profile) throws IOException {
        return start(GatewayConfig.builder().dataSource(dataSource), profile);
    }

    /**
     * Starts the gateway requiring IHE XUA on every request, trusting the assertions signed with {@code signerPem}
     * (and certificates under the PKCS#12 trust store), audience {@code audience}: the target of the XUA variants.
     */
    public static EmbeddedGateway startWithXua(DataSource dataSource, Path trustStore, String trustStorePassword,
                                               Path signerPem, String audience) throws IOException {
        return startWithXua(dataSource, null, trustStore, trustStorePassword, signerPem, audience);
    }

    /** As above, on the embedded H2 database of {@code dataDir} when {@code dataSource} is null. */
    public static EmbeddedGateway startWithXua(DataSource dataSource, Path dataDir, Path trustStore,
                                               String trustStorePassword, Path signerPem, String audience) throws IOException {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        p.put("security.vihf.profile", "ihe");
        p.put("security.vihf.truststore", trustStore.toString());
        p.put("security.vihf.truststore.password", trustStorePassword);
        p.put("security.vihf.signers", signerPem.toString());
        p.put("security.vihf.audience", audience);
        p.put("security.vihf.require-tls", "false");
        org.passerelle.gateway.spi.RequestAuthenticator authenticator;
        try {
            authenticator = org.passerelle.gateway.security.VihfSecurity.fromProperties(p, null);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format("XUA verifier: " + e.getMessage()), e);
        }
        GatewayConfig.Builder b = GatewayConfig.builder().security(true);
        if (dataSource != null) b.dataSource(dataSource);
        if (dataDir != null) b.dataDir(dataDir);
        return start(b, "ihe", authenticator);
    }

    /**
     * Starts the gateway in profile fr-dmp requiring a VIHF on every request (no TLS client certificate required:
     * the runner talks plain HTTP on localhost), trusting tokens signed with {@code signerPem} under the trust store;
     * INS test OIDs accepted: the target of the French scenarios ({@code conformance/fr-kit}).
     */
    public static EmbeddedGateway startWithVihf(DataSource dataSource, Path dataDir, Path trustStore,
                                                String trustStorePassword, Path signerPem) throws IOException {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        p.put("security.vihf.profile", "fr-dmp");
        p.put("security.vihf.truststore", trustStore.toString());
        p.put("security.vihf.truststore.password", trustStorePassword);
        p.put("security.vihf.signers", signerPem.toString());
        p.put("security.vihf.require-tls", "false");
        p.put("security.vihf.ins-test-oids", "true");
        org.passerelle.gateway.spi.RequestAuthenticator authenticator;
        try {
            authenticator = org.passerelle.gateway.security.VihfSecurity.fromProperties(p, null);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format("VIHF verifier: " + e.getMessage()), e);
        }
        GatewayConfig.Builder b = GatewayConfig.builder().security(true).insTestOids(true);
        if (dataSource != null) b.dataSource(dataSource);
        if (dataDir != null) b.dataDir(dataDir);
        return start(b, "fr-dmp", authenticator);
    }

    private static EmbeddedGateway start(GatewayConfig.Builder builder, String profile) throws IOException {
        return start(builder, profile, null);
    }

    private static EmbeddedGateway start(GatewayConfig.Builder builder, String profile,
                                         org.passerelle.gateway.spi.RequestAuthenticator authenticator) throws IOException {
        GatewayServer server;
        Profile p;
        try {
            p = Profile.of(profile);
            GatewayConfig config = builder.host("127.0.0.1").port(0).profile(p).build();
            server = authenticator == null ? GatewayServer.start(config)
                    : GatewayServer.start(config, authenticator, org.passerelle.gateway.spi.AccessPolicy.ALLOW_ALL,
                    org.passerelle.gateway.spi.TransactionAuditor.NONE);
        } catch (RuntimeException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(e.getMessage()), e);
        }
        try {
            FeedListener feed = null;
            if (server.backend() instanceof RegistryBackend rb) {
                feed = FeedListener.start(0, rb.patients()::register,
                        p == Profile.IHE ? FeedOptions.ihe() : FeedOptions.frDmp(true));
            }
            return new EmbeddedGateway(server, feed, null);
        } catch (RuntimeException e) {
            server.close();
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format("ITI-8 listener: " + e.getMessage()), e);
        }
    }

    /**
     * Starts the gateway in profile fr-dmp requiring a VIHF over HTTPS with mutual TLS, all from the sample PKI: the
     * server certificate, the trust store and CRLs for the client certificates ({@code tls.*}), and VIHF tokens
     * signed by the PKI's establishments whose TLS client certificate must be of the same establishment as the
     * signer ({@code security.vihf.require-tls=true}). The target of the French scenarios over TLS.
     */
    public static EmbeddedGateway startWithVihfOverTls(DataSource dataSource, Path dataDir,
                                                       org.passerelle.certs.SamplePki pki) throws IOException {
        String pw = pki.password();
        GatewayConfig.Builder b = GatewayConfig.builder().security(true).insTestOids(true)
                .host("127.0.0.1").port(0).profile(Profile.FR_DMP)
                .property("tls.keystore", pki.server().keyStore().toString())
                .property("tls.keystore.password", pw)
                .property("tls.truststore", pki.trustStore().toString())
                .property("tls.truststore.password", pw)
                .property("tls.crls", pki.crls().toString())
                .property("security.vihf.profile", "fr-dmp")
                .property("security.vihf.intermediates", pki.intermediateCaCert().toString())
                .property("security.vihf.require-tls", "true")
                .property("security.vihf.ins-test-oids", "true");
        if (dataSource != null) b.dataSource(dataSource);
        if (dataDir != null) b.dataDir(dataDir);
        GatewayConfig config;
        RegistryBackend backend;
        try {
            config = b.build();
            backend = org.passerelle.gateway.Backends.open(config);
        } catch (RuntimeException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(e.getMessage()), e);
        }
        GatewayServer server = null;
        try {
            org.passerelle.gateway.spi.RequestAuthenticator authenticator =
                    org.passerelle.gateway.security.VihfSecurity.fromProperties(config.properties(), backend.dataSource());
            server = GatewayServer.start(config, backend, org.passerelle.gateway.Backends.documentCheck(config),
                    authenticator, org.passerelle.gateway.spi.AccessPolicy.ALLOW_ALL,
                    org.passerelle.gateway.spi.TransactionAuditor.NONE);
            FeedListener feed = FeedListener.start(0, backend.patients()::register, FeedOptions.frDmp(true));
            return new EmbeddedGateway(server, feed, backend);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            if (server != null) server.close();
            backend.close();
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format("VIHF over mutual TLS: " + e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            if (feed != null) feed.close();
        } finally {
            try {
                server.close();
            } finally {
                if (backend != null) {
                    try {
                        backend.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("closing the gateway's store: " + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
