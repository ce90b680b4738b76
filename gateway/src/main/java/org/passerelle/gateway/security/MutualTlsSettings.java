package org.passerelle.gateway.security;

import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.passerelle.vihf.tls.MutualTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HTTPS with mutual TLS for the gateway's Jetty: the server key store, the trust store whose certificates are the
 * anchors client certificates must chain to, the CRLs checked for every client chain, client authentication required,
 * TLS 1.2 and 1.3 only.
 *
 * <pre>{@code
 * MutualTlsSettings tls = MutualTlsSettings.fromProperties(props);            // tls.* keys
 * tls.applyTo(bus.getExtension(JettyHTTPServerEngineFactory.class), host, port);
 * engines.createJettyHTTPServerEngine(host, port, "https");
 * }</pre>
 *
 * @param keyStore           PKCS#12 (or .jks) key store of the server certificate ({@code tls.keystore})
 * @param keyStorePassword   its password ({@code tls.keystore.password})
 * @param keyPassword        the key's password, or null for the store password ({@code tls.key.password})
 * @param trustStore         trust anchors for client certificates ({@code tls.truststore})
 * @param trustStorePassword its password ({@code tls.truststore.password})
 * @param crls               CRL files (PEM or DER; {@code tls.crls}, comma-separated); empty = no revocation check
 * @param clientAuthRequired refuse connections without a client certificate ({@code tls.client-auth=required},
 *                           default; {@code none} only for a front proxy that terminates mutual TLS)
 */
public record MutualTlsSettings(Path keyStore, String keyStorePassword, String keyPassword, Path trustStore,
                                String trustStorePassword, List<Path> crls, boolean clientAuthRequired) {

    private static final Logger LOG = LoggerFactory.getLogger(MutualTlsSettings.class);

    public MutualTlsSettings {
        Objects.requireNonNull(keyStore, "tls.keystore");
        Objects.requireNonNull(keyStorePassword, "tls.keystore.password");
        if (clientAuthRequired) Objects.requireNonNull(trustStore, "tls.truststore");
        crls = crls == null ? List.of() : List.copyOf(crls);
    }

    /**
     * Reads {@code tls.keystore}, {@code tls.keystore.password}, {@code tls.key.password}, {@code tls.truststore},
     * {@code tls.truststore.password}, {@code tls.crls} (comma-separated paths) and {@code tls.client-auth}
     * ({@code required} or {@code none}); returns null when {@code tls.keystore} is not set (plain HTTP).
     */
    public static MutualTlsSettings fromProperties(Map<String, String> p) {
        String ks = p.get("tls.keystore");
        if (ks == null || ks.isBlank()) return null;
        List<Path> crls = new ArrayList<>();
        for (String s : p.getOrDefault("tls.crls", "").split(",")) {
            if (!s.isBlank()) crls.add(Path.of(s.trim()));
        }
        String ts = p.get("tls.truststore");
        String clientAuth = p.getOrDefault("tls.client-auth", "required").trim();
        if (!clientAuth.equals("required") && !clientAuth.equals("none")) {
            throw new IllegalArgumentException("tls.client-auth must be 'required' or 'none', got '" + clientAuth + "'");
        }
        return new MutualTlsSettings(Path.of(ks), p.getOrDefault("tls.keystore.password", ""),
                p.get("tls.key.password"), ts == null || ts.isBlank() ? null : Path.of(ts),
                p.getOrDefault("tls.truststore.password", ""), crls, clientAuth.equals("required"));
    }

    /** The CXF TLS parameters: key managers, PKIX trust managers with the CRLs, client auth, TLS 1.2+. */
    public TLSServerParameters toServerParameters() throws IOException, GeneralSecurityException {
        TLSServerParameters p = new TLSServerParameters();
        p.setKeyManagers(MutualTls.keyManagers(keyStore, keyStorePassword, keyPassword));
        if (trustStore != null) {
            p.setTrustManagers(MutualTls.trustManagers(trustStore, trustStorePassword, crls));
        }
        ClientAuthentication ca = new ClientAuthentication();
        ca.setRequired(clientAuthRequired);
        ca.setWant(clientAuthRequired || trustStore != null);
        p.setClientAuthentication(ca);
        p.setIncludeProtocols(MutualTls.PROTOCOLS);
        if (!clientAuthRequired) {
            LOG.warn("TLS client authentication is NOT required (tls.client-auth=none): only acceptable behind a proxy "
                    + "that terminates mutual TLS; VIHF establishment binding needs the client certificate");
        }
        if (crls.isEmpty() && trustStore != null) {
            LOG.warn("No CRL configured (tls.crls): revoked client certificates will be accepted");
        }
        return p;
    }

    /** Registers these parameters for {@code port} on every interface; create the engine with protocol "https". */
    public void applyTo(JettyHTTPServerEngineFactory factory, int port) throws IOException, GeneralSecurityException {
        factory.setTLSServerParametersForPort(port, toServerParameters());
    }

    /** Registers these parameters for {@code host:port}; create the engine with protocol "https". */
    public void applyTo(JettyHTTPServerEngineFactory factory, String host, int port)
            throws IOException, GeneralSecurityException {
        factory.setTLSServerParametersForPort(host, port, toServerParameters());
    }

    /** The warning to log when the gateway is configured for plain HTTP. */
    public static void warnPlainHttp(String baseUrl) {
        LOG.warn("Serving PLAIN HTTP on {}: no TLS, no client certificate, no VIHF establishment binding. "
                + "For local development only; set tls.keystore (and tls.truststore) for HTTPS with mutual TLS.", baseUrl);
    }
}
