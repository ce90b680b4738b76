package org.passerelle.gateway.ws;

import org.apache.cxf.Bus;
import org.apache.cxf.attachment.AttachmentDeserializer;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.wsdl.XdsWsdl;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes the five XDS.b endpoints on a CXF bus: SOAP 1.2, WS-Addressing required, MTOM, the project's WSDL
 * (served at {@code ?wsdl}), request limits, and the security interceptor in front of each.
 */
public final class XdsEndpointPublisher {

    private final Bus bus;
    private final GatewayConfig config;
    private final RequestAuthenticator authenticator;
    private final TransactionAuditor auditor;
    private final Path attachmentDir;

    public XdsEndpointPublisher(Bus bus, GatewayConfig config, RequestAuthenticator authenticator,
                                TransactionAuditor auditor, Path attachmentDir) {
        this.bus = bus;
        this.config = config;
        this.authenticator = authenticator;
        this.auditor = auditor;
        this.attachmentDir = attachmentDir;
        SharedBindingMapCodec.installOn(bus);
    }

    /** Publishes every endpoint under {@code baseAddress} (e.g. http://0.0.0.0:8080) and returns the servers. */
    public Map<Transaction, Server> publishAll(String baseAddress, XdsTransactions tx) {
        Map<Transaction, Server> servers = new HashMap<>();
        servers.put(Transaction.ITI_41, publish(baseAddress, Transaction.ITI_41, XDS.Interactions.ITI_41, new Endpoints.Iti41(tx)));
        servers.put(Transaction.ITI_42, publish(baseAddress, Transaction.ITI_42, XDS.Interactions.ITI_42, new Endpoints.Iti42(tx)));
        servers.put(Transaction.ITI_18, publish(baseAddress, Transaction.ITI_18, XDS.Interactions.ITI_18, new Endpoints.Iti18(tx)));
        servers.put(Transaction.ITI_43, publish(baseAddress, Transaction.ITI_43, XDS.Interactions.ITI_43, new Endpoints.Iti43(tx)));
        servers.put(Transaction.ITI_57, publish(baseAddress, Transaction.ITI_57, XDS.Interactions.ITI_57, new Endpoints.Iti57(tx)));
        return servers;
    }

    /** The path of a transaction's endpoint, e.g. /xds/iti41. */
    public static String path(Transaction t) {
        return "/xds/" + t.id().toLowerCase().replace("-", "");
    }

    /**
     * Publishes a JAX-WS {@code Provider} (annotated {@code @WebServiceProvider}, SOAP 1.2 {@code @BindingType}) for a
     * gateway-specific transaction at {@code baseAddress + path}, behind the same WS-Addressing, request limits and
     * security interceptor as the XDS endpoints (the TD0.2 record state, package recordstate).
     */
    public Server publishProvider(String baseAddress, String path, Transaction t, Object provider) {
        JaxWsServerFactoryBean sf = new JaxWsServerFactoryBean();
        sf.setBus(bus);
        sf.setServiceClass(provider.getClass());
        sf.setServiceBean(provider);
        sf.setAddress(baseAddress + path);
        return create(sf, t, new HashMap<>());
    }

    private Server publish(String baseAddress, Transaction t, XDS.Interactions interaction, Object implementor) {
        WsTransactionConfiguration<?> ws = interaction.getWsTransactionConfiguration();
        JaxWsServerFactoryBean sf = new JaxWsServerFactoryBean();
        sf.setBus(bus);
        sf.setServiceClass(ws.getSei());
        sf.setServiceBean(implementor);
        sf.setServiceName(ws.getServiceName());
        sf.setWsdlLocation(XdsWsdl.location(t.id()));
        sf.setAddress(baseAddress + path(t));
        Map<String, Object> props = new HashMap<>();
        // IHE: ITI-41 and ITI-43 carry documents and answer with MTOM; the others are simple SOAP (an MTOM request is
        // still accepted everywhere)
        props.put("mtom-enabled", t == Transaction.ITI_41 || t == Transaction.ITI_43);
        props.put(AttachmentDeserializer.ATTACHMENT_DIRECTORY, attachmentDir.toString());
        props.put(AttachmentDeserializer.ATTACHMENT_MEMORY_THRESHOLD, String.valueOf(256 * 1024));
        props.put(AttachmentDeserializer.ATTACHMENT_MAX_SIZE, String.valueOf(config.maxRequestBytes()));
        props.put("org.apache.cxf.stax.maxChildElements", 100_000);
        return create(sf, t, props);
    }

    /**
     * What every endpoint shares: WS-Addressing required, the XML parser limits, then the request-size limit and the
     * security interceptor (Action check, caller).
     */
    private Server create(JaxWsServerFactoryBean sf, Transaction t, Map<String, Object> props) {
        WSAddressingFeature addressing = new WSAddressingFeature();
        addressing.setAddressingRequired(true);
        sf.getFeatures().add(addressing);
        props.put("org.apache.cxf.stax.maxTextLength", config.maxTextLength());
        props.put("org.apache.cxf.stax.maxElementCount", config.maxElementCount());
        props.put("org.apache.cxf.stax.maxElementDepth", 100);
        props.put("org.apache.cxf.stax.maxAttributeCount", 500);
        props.put("org.apache.cxf.stax.maxXMLCharacters", config.maxRequestBytes());
        sf.setProperties(props);
        sf.getInInterceptors().add(new RequestLimitInterceptor(config.maxRequestBytes()));
        sf.getInInterceptors().add(new SecurityInterceptor(t, authenticator, auditor));
        return sf.create();
    }
}
