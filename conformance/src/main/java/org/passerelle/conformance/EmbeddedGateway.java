package org.passerelle.conformance;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Starts Passerelle's own gateway in this JVM, on free ports of 127.0.0.1, for {@code conformance run} without
 * {@code --endpoint}. The gateway is looked up by name (module {@code gateway}, {@code GatewayServer.start(GatewayConfig)})
 * so the runner stays usable against any XDS.b endpoint when the gateway is not on the class path.
 */
public final class EmbeddedGateway implements AutoCloseable {
    private final AutoCloseable server;
    private final String baseUrl;
    private final int feedPort;
    private final String repositoryUniqueId;

    private EmbeddedGateway(AutoCloseable server, String baseUrl, int feedPort, String repositoryUniqueId) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.feedPort = feedPort;
        this.repositoryUniqueId = repositoryUniqueId;
    }

    public String baseUrl() { return baseUrl; }
    public int feedPort() { return feedPort; }
    public String repositoryUniqueId() { return repositoryUniqueId; }

    public static boolean available() {
        try {
            Class.forName("org.passerelle.gateway.GatewayServer");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Starts the gateway with its embedded H2 database in {@code dataDir} and the given profile ("ihe" or "fr-dmp"). */
    public static EmbeddedGateway start(Path dataDir, String profile) throws IOException {
        try {
            Class<?> cfgClass = Class.forName("org.passerelle.gateway.GatewayConfig");
            Class<?> profileClass = Class.forName("org.passerelle.gateway.Profile");
            Object b = cfgClass.getMethod("builder").invoke(null);
            Class<?> bc = b.getClass();
            int feedPort = freePort();
            bc.getMethod("host", String.class).invoke(b, "127.0.0.1");
            bc.getMethod("port", int.class).invoke(b, 0);
            bc.getMethod("dataDir", Path.class).invoke(b, dataDir);
            bc.getMethod("profile", profileClass).invoke(b, profileClass.getMethod("of", String.class).invoke(null, profile));
            bc.getMethod("mllpPort", int.class).invoke(b, feedPort);
            Object cfg = bc.getMethod("build").invoke(b);
            Object server = Class.forName("org.passerelle.gateway.GatewayServer").getMethod("start", cfgClass).invoke(null, cfg);
            String baseUrl = (String) server.getClass().getMethod("baseUrl").invoke(server);
            String repo = (String) server.getClass().getMethod("repositoryUniqueId").invoke(server);
            return new EmbeddedGateway((AutoCloseable) server, baseUrl, feedPort, repo);
        } catch (ClassNotFoundException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(
                    "module gateway is not on the class path (give --endpoint URL to test another server)"));
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(c.toString()), c);
        } catch (ReflectiveOperationException e) {
            throw new IOException(ConformanceFailure.GATEWAY_START_FAILED.format(
                    "the gateway's API is not the expected GatewayConfig.builder()/GatewayServer.start(config): " + e), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
