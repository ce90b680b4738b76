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

    private EmbeddedGateway(GatewayServer server, FeedListener feed) {
        this.server = server;
        this.feed = feed;
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

    private static EmbeddedGateway start(GatewayConfig.Builder builder, String profile) throws IOException {
        GatewayServer server;
        Profile p;
        try {
            p = Profile.of(profile);
            server = GatewayServer.start(builder.host("127.0.0.1").port(0).profile(p).build());
        } catch (RuntimeException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(e.getMessage()), e);
        }
        try {
            FeedListener feed = null;
            if (server.backend() instanceof RegistryBackend rb) {
                feed = FeedListener.start(0, rb.patients()::register,
                        p == Profile.IHE ? FeedOptions.ihe() : FeedOptions.frDmp(true));
            }
            return new EmbeddedGateway(server, feed);
        } catch (RuntimeException e) {
            server.close();
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format("ITI-8 listener: " + e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            if (feed != null) feed.close();
        } finally {
            server.close();
        }
    }
}
