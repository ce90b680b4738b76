package org.passerelle.gateway;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.passerelle.feed.FeedListener;
import org.passerelle.feed.FeedOptions;
import org.passerelle.gateway.access.DmpAccessSetup;
import org.passerelle.gateway.audit.AuditSetup;
import org.passerelle.gateway.recordstate.RecordStateEndpoint;
import org.eclipse.jetty.server.Handler;
import org.passerelle.gateway.security.MutualTlsSettings;
import org.passerelle.gateway.security.VihfRequestAuthenticator;
import org.passerelle.gateway.security.VihfSecurity;
import org.passerelle.gateway.spi.AccessPolicy;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.gateway.validation.FrenchMetadataRules;
import org.passerelle.gateway.validation.MetadataValidator;
import org.passerelle.gateway.validation.ValueSets;
import org.passerelle.gateway.ws.PatientBinding;
import org.passerelle.gateway.ws.XdsEndpointPublisher;
import org.passerelle.gateway.ws.XdsTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A running gateway: the five XDS.b endpoints ({@code /xds/iti41}, {@code /xds/iti42}, {@code /xds/iti18},
 * {@code /xds/iti43}, {@code /xds/iti57}) plus {@code /health} and {@code /ready} on one Jetty, its own CXF bus.
 * Stateless: several gateways may serve one PostgreSQL database. {@link #close()} stops Jetty and shuts the bus down.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayConfig config;
    private final XdsBackend backend;
    private final boolean ownsBackend;
    private final Bus bus;
    private final int port;
    private final String baseUrl;
    private final Map<Transaction, Server> servers;
    private final Path attachmentDir;

    private final List<AutoCloseable> resources;
    private FeedListener feed;

    private GatewayServer(GatewayConfig config, XdsBackend backend, boolean ownsBackend, DocumentCheck documentCheck,
                          RequestAuthenticator authenticator, AccessPolicy accessPolicy, TransactionAuditor auditor,
                          MutualTlsSettings tls, PatientBinding patientBinding, List<AutoCloseable> resources,
                          List<Handler> extraHandlers) {
        this.config = config;
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.resources = resources;
        this.port = config.port() == 0 ? freePort(config.host()) : config.port();
        String bindHost = config.host();
        String publicHost = "0.0.0.0".equals(bindHost) ? "localhost" : bindHost;
        String scheme = tls == null ? "http" : "https";
        this.baseUrl = scheme + "://" + publicHost + ":" + port;
        try {
            this.attachmentDir = Files.createTempDirectory("passerelle-attachments-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for incoming attachments", e);
        }
        this.bus = BusFactory.newInstance().createBus();
        boolean started = false;
        try {
            JettyHTTPServerEngineFactory engines = bus.getExtension(JettyHTTPServerEngineFactory.class);
            if (tls != null) tls.applyTo(engines, bindHost, port);
            else if (!"127.0.0.1".equals(bindHost) && !"localhost".equals(bindHost)) MutualTlsSettings.warnPlainHttp(baseUrl);
            JettyHTTPServerEngine engine = engines.createJettyHTTPServerEngine(bindHost, port, scheme);
            List<Handler> handlers = new java.util.ArrayList<>(extraHandlers);
            handlers.add(0, new HealthHandler(backend::isReady));
            engine.setHandlers(handlers);
            engine.setSendServerVersion(false);

            FrenchMetadataRules rules = config.profile() == Profile.FR_DMP
                    ? new FrenchMetadataRules(config.kitDir() != null ? ValueSets.fromKit(config.kitDir()) : ValueSets.defaults(),
                    config.insTestOids())
                    : null;
            XdsTransactions tx = new XdsTransactions(backend, new MetadataValidator(config.profile()), rules,
                    documentCheck, accessPolicy, auditor, patientBinding);
            XdsEndpointPublisher publisher = new XdsEndpointPublisher(bus, config, authenticator, auditor, attachmentDir);
            Map<Transaction, Server> published = new java.util.HashMap<>(publisher.publishAll(scheme + "://" + bindHost + ":" + port, tx));
            if (accessPolicy instanceof org.passerelle.gateway.access.DmpAccessPolicy dmp) { // TD0.2
                published.put(Transaction.TD_0_2, publisher.publishProvider(scheme + "://" + bindHost + ":" + port,
                        RecordStateEndpoint.PATH, Transaction.TD_0_2, new RecordStateEndpoint(dmp, auditor)));
            }
            this.servers = published;
            started = true;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the HTTP engine on port " + port + ": " + e.getMessage(), e);
        } finally {
            if (!started) bus.shutdown(true);
        }
        LOG.info("Passerelle gateway ({} profile, repository {}) listening on {}", config.profile(),
                backend.repositoryUniqueId(), baseUrl);
    }

    /**
     * Starts a gateway with explicit collaborators (tests, embedding); HTTPS with mutual TLS when the configuration
     * names {@code tls.keystore} ({@link MutualTlsSettings#fromProperties}). The backend is not closed by
     * {@link #close()}.
     */
    public static GatewayServer start(GatewayConfig config, XdsBackend backend, DocumentCheck documentCheck,
                                      RequestAuthenticator authenticator, AccessPolicy accessPolicy,
                                      TransactionAuditor auditor) {
        return new GatewayServer(config, backend, false, documentCheck, authenticator, accessPolicy, auditor,
                MutualTlsSettings.fromProperties(config.properties()), PatientBinding.NONE, List.of(), List.of());
    }

    /** Starts a gateway on the given backend with no security, every access allowed, no audit. */
    public static GatewayServer start(GatewayConfig config, XdsBackend backend) {
        return start(config, backend, DocumentCheck.NONE, RequestAuthenticator.NONE, AccessPolicy.ALLOW_ALL,
                TransactionAuditor.NONE);
    }

    /**
     * Starts a gateway on the store the configuration names (data source, JDBC url, or the embedded H2 in the data
     * directory), with CDA checks per the profile and the given hooks. The store is closed with the server.
     */
    public static GatewayServer start(GatewayConfig config, RequestAuthenticator authenticator,
                                      AccessPolicy accessPolicy, TransactionAuditor auditor) {
        XdsBackend backend = Backends.open(config);
        try {
            return new GatewayServer(config, backend, true, Backends.documentCheck(config), authenticator,
                    accessPolicy, auditor, null, PatientBinding.NONE, List.of(), List.of());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Starts a gateway entirely from its configuration: the store; with {@code security.enabled=true} the VIHF/XUA
     * authenticator ({@code security.vihf.*}) and the patient binding; mutual TLS when {@code tls.keystore} is set;
     * the DMP access rules when {@code access.enabled} (default: security on and profile fr-dmp); the ATNA audit
     * trail in the database when {@code audit.enabled=true} (node id {@code audit.node}).
     */
    public static GatewayServer start(GatewayConfig config) {
        RegistryBackend backend = Backends.open(config);
        List<AutoCloseable> resources = new java.util.ArrayList<>();
        try {
            RequestAuthenticator authenticator = RequestAuthenticator.NONE;
            PatientBinding binding = PatientBinding.NONE;
            if (config.security()) {
                authenticator = VihfSecurity.fromProperties(config.properties(), backend.dataSource());
                binding = VihfRequestAuthenticator::checkPatient;
            }
            MutualTlsSettings tls = MutualTlsSettings.fromProperties(config.properties());
            AccessPolicy policy = AccessPolicy.ALLOW_ALL;
            if (config.flag("access.enabled", config.security() && config.profile() == Profile.FR_DMP)) {
                policy = DmpAccessSetup.policy(config.properties(), backend.store(), backend.dataSource(),
                        config.insTestOids());
            }
            TransactionAuditor auditor = TransactionAuditor.NONE;
            List<Handler> handlers = new java.util.ArrayList<>();
            if (config.flag("audit.enabled", false)) {
                AuditSetup audit = AuditSetup.open(config.properties(), backend.dataSource());
                resources.add(audit);
                auditor = audit.auditor();
                if (audit.adminHandler() != null) handlers.add(audit.adminHandler());
            }
            if (policy instanceof org.passerelle.gateway.access.DmpAccessPolicy dmp) dmp.withAuditor(auditor);
            Handler recordState = DmpAccessSetup.recordStateHandler(config.properties(), backend.store(), backend.dataSource(), config.insTestOids());
            if (recordState != null) handlers.add(recordState);
            FeedListener feed = null;
            if (config.mllpPort() >= 0) {
                FeedOptions options = config.profile() == Profile.IHE ? FeedOptions.ihe()
                        : FeedOptions.frDmp(config.insTestOids());
                feed = FeedListener.start(config.mllpPort(), backend.patients()::register, options);
                resources.add(feed);
            }
            GatewayServer server = new GatewayServer(config, backend, true, Backends.documentCheck(config),
                    authenticator, policy, auditor, tls, binding, resources, handlers);
            server.feed = feed;
            return server;
        } catch (RuntimeException e) {
            closeAll(resources);
            backend.close();
            throw e;
        } catch (Exception e) {
            closeAll(resources);
            backend.close();
            throw new IllegalStateException("cannot set up security, access rules or audit: " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", r, e.toString());
            }
        }
    }

    public GatewayConfig config() { return config; }
    public XdsBackend backend() { return backend; }
    public int port() { return port; }
    /** e.g. http://localhost:8080 */
    public String baseUrl() { return baseUrl; }
    public String url(Transaction t) { return baseUrl + XdsEndpointPublisher.path(t); }
    public String iti41Url() { return url(Transaction.ITI_41); }
    public String iti42Url() { return url(Transaction.ITI_42); }
    public String iti18Url() { return url(Transaction.ITI_18); }
    public String iti43Url() { return url(Transaction.ITI_43); }
    public String iti57Url() { return url(Transaction.ITI_57); }
    /** The TD0.2 record-state endpoint; served when the DMP access rules are on. */
    public String recordStateUrl() { return baseUrl + RecordStateEndpoint.PATH; }
    public String healthUrl() { return baseUrl + "/health"; }
    public String readyUrl() { return baseUrl + "/ready"; }
    public String repositoryUniqueId() { return backend.repositoryUniqueId(); }
    /** The ITI-8 MLLP port, or -1 when the patient feed is not configured ({@code mllp.port}; 0 = a free port). */
    public int mllpPort() { return feed == null ? -1 : feed.port(); }

    @Override
    public void close() {
        for (Server s : servers.values()) {
            try {
                s.destroy();
            } catch (RuntimeException e) {
                LOG.warn("stopping endpoint {} failed: {}", s.getEndpoint().getEndpointInfo().getAddress(), e.toString());
            }
        }
        bus.shutdown(true);
        JettyHTTPServerEngineFactory.destroyForPort(port);
        closeAll(resources);
        if (ownsBackend) backend.close();
        try (var files = Files.list(attachmentDir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(attachmentDir);
        } catch (IOException ignored) {
            // temp files CXF still holds are removed by CXF itself
        }
        LOG.info("Passerelle gateway on {} stopped", baseUrl);
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("0.0.0.0".equals(host) ? "0.0.0.0" : host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
