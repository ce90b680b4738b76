package org.passerelle.gateway.security;

import org.passerelle.gateway.bench.CxfPorts;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.vihf.WsSecurity;
import org.passerelle.vihf.tls.MutualTls;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tests' hospital side of a secured gateway: CXF clients over mutual TLS that put a freshly signed VIHF in the
 * wsse:Security header of every call (a new assertion each time: the gateway refuses replays).
 */
public final class SecuredClients {
    public static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private SecuredClients() {
    }

    /** Security on: mutual TLS with the sample PKI's server key store, trust store and CRLs, VIHF intermediates. */
    public static GatewayConfig.Builder secured(GatewayConfig.Builder b, SamplePki pki) {
        String pw = pki.password();
        return b.security(true)
                .property("tls.keystore", pki.server().keyStore().toString()).property("tls.keystore.password", pw)
                .property("tls.truststore", pki.trustStore().toString()).property("tls.truststore.password", pw)
                .property("tls.crls", pki.crls().toString())
                .property("security.vihf.intermediates", pki.intermediateCaCert().toString());
    }

    /** An XDS port of {@code interaction} at {@code url}, MTOM and WS-Addressing on, {@code tls} as client certificate. */
    public static <T> T xdsPort(XDS.Interactions interaction, String tx, String url, Class<T> sei, SamplePki pki,
                                SamplePki.KeyMaterial tls, Supplier<Element> signedAssertion) throws Exception {
        T port = CxfPorts.create(interaction, tx, url, sei);
        Client client = ClientProxy.getClient(port);
        useMutualTls(client, pki, tls);
        ((HTTPConduit) client.getConduit()).getClient().setReceiveTimeout(60_000);
        client.getOutInterceptors().add(new SignedVihfHeader(signedAssertion));
        return port;
    }

    /** Mutual TLS with {@code tls} as client certificate and the sample PKI's trust store. */
    public static void useMutualTls(Client client, SamplePki pki, SamplePki.KeyMaterial tls) throws Exception {
        TLSClientParameters params = new TLSClientParameters();
        params.setKeyManagers(MutualTls.keyManagers(tls.keyStore(), pki.password(), pki.password()));
        params.setTrustManagers(MutualTls.trustManagers(pki.trustStore(), pki.password(), List.of()));
        ((HTTPConduit) client.getConduit()).setTlsClientParameters(params);
    }

    /** Adds the assertion {@code signedAssertion} gives, as a mustUnderstand wsse:Security header. */
    public static final class SignedVihfHeader extends AbstractSoapInterceptor {
        private final Supplier<Element> signedAssertion;

        public SignedVihfHeader(Supplier<Element> signedAssertion) {
            super(Phase.PRE_PROTOCOL);
            this.signedAssertion = signedAssertion;
        }

        @Override
        public void handleMessage(SoapMessage message) {
            message.getHeaders().add(securityHeader(signedAssertion.get()));
        }
    }

    /** A wsse:Security header (mustUnderstand) holding a copy of {@code assertion}. */
    public static SoapHeader securityHeader(Element assertion) {
        SoapHeader header = new SoapHeader(new QName(WSSE_NS, "Security", "wsse"), WsSecurity.securityElement(assertion));
        header.setMustUnderstand(true);
        return header;
    }
}
