package org.passerelle.client;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLAdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.iti57.Iti57PortType;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.wsdl.XdsWsdl;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The hospital-side XDS.b client: ITI-41 provide and register, ITI-18 stored queries, ITI-43 retrieve, ITI-57
 * metadata update. CXF JAX-WS proxies on IPF's port types: SOAP 1.2, WS-Addressing, MTOM; optional mutual TLS and
 * VIHF. Thread-safe once built.
 * <pre>{@code
 * XdsClient client = XdsClient.builder().baseUrl("https://dmp.example:8443")
 *         .tls(new TlsSettings(authCli, pwd, trust, pwd)).vihf(tx -> signedVihf()).build();
 * Response r = client.provideAndRegister(request);
 * }</pre>
 */
public final class XdsClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Endpoints endpoints;
    private final Iti41PortType iti41;
    private final Iti18PortType iti18;
    private final Iti43PortType iti43;
    private final Iti57PortType iti57;
    private final String recordStateUrl;
    private final jakarta.xml.ws.Dispatch<javax.xml.transform.Source> recordState;

    /** Endpoint URLs of the four transactions; null = transaction not configured. */
    public record Endpoints(String iti41, String iti18, String iti43, String iti57) {

        /** The gateway's layout: {@code <base>/xds/iti41}, {@code /xds/iti18}, {@code /xds/iti43}, {@code /xds/iti57}. */
        public static Endpoints under(String baseUrl) {
            String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return new Endpoints(b + "/xds/iti41", b + "/xds/iti18", b + "/xds/iti43", b + "/xds/iti57");
        }
    }

    private XdsClient(Builder b) throws ClientException {
        this.endpoints = b.endpoints;
        this.iti41 = port(b, XDS.Interactions.ITI_41, "ITI-41", endpoints.iti41(), Iti41PortType.class);
        this.iti18 = port(b, XDS.Interactions.ITI_18, "ITI-18", endpoints.iti18(), Iti18PortType.class);
        this.iti43 = port(b, XDS.Interactions.ITI_43, "ITI-43", endpoints.iti43(), Iti43PortType.class);
        this.iti57 = port(b, XDS.Interactions.ITI_57, "ITI-57", endpoints.iti57(), Iti57PortType.class);
        this.recordStateUrl = b.recordStateUrl;
        this.recordState = recordStateDispatch(b, b.recordStateUrl);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** ITI-41 from the simple model; the French HL7 v2 forms are written into the ebXML. */
    public Response provideAndRegister(ProvideAndRegisterDocumentSet request) throws ClientException {
        return provideAndRegister(FrenchSubmission.toEbXml(request).getInternal());
    }

    /** ITI-41 from ready ebXML. */
    public Response provideAndRegister(ProvideAndRegisterDocumentSetRequestType request) throws ClientException {
        return call("ITI-41", endpoints.iti41(), iti41, p -> new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(p.documentRepositoryProvideAndRegisterDocumentSetB(request))));
    }

    /** ITI-18 from IPF's typed query model. */
    public QueryResponse query(QueryRegistry query) throws ClientException {
        return query(new QueryRegistryTransformer(FACTORY).toEbXML(query));
    }

    /** ITI-18 from an ebXML AdhocQueryRequest (any stored query, see {@link StoredQueries}). */
    public QueryResponse query(EbXMLAdhocQueryRequest<AdhocQueryRequest> request) throws ClientException {
        return call("ITI-18", endpoints.iti18(), iti18, p -> new QueryResponseTransformer(FACTORY).fromEbXML(
                new EbXMLQueryResponse30(p.documentRegistryRegistryStoredQuery(request.getInternal()))));
    }

    /** ITI-43. */
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) throws ClientException {
        var ebXml = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request);
        return call("ITI-43", endpoints.iti43(), iti43, p -> new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRetrieveDocumentSetResponse30(p.documentRepositoryRetrieveDocumentSet(ebXml.getInternal()))));
    }

    /** ITI-57 from ready ebXML (see {@link MetadataUpdates}). */
    public Response update(SubmitObjectsRequest request) throws ClientException {
        return call("ITI-57", endpoints.iti57(), iti57, p -> new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(p.documentRegistryUpdateDocumentSet(request))));
    }

    /**
     * the gateway's TD0.2 record state of one patient (state, closure date and reason, activation, and
     * whether the VIHF's professional may consult now), to ask before any document query. Authenticated like ITI-18
     * (mutual TLS, VIHF whose resource-id is this patient); AIR tokens are accepted.
     */
    public RecordState recordState(String patientCx) throws ClientException {
        if (patientCx == null || patientCx.isBlank()) throw ClientFailure.USAGE.exception("a patient id (INS, CX form) is required");
        org.w3c.dom.Element answer = call("TD0.2", recordStateUrl, recordState, d -> {
            org.apache.cxf.ws.addressing.AddressingProperties maps = new org.apache.cxf.ws.addressing.AddressingProperties();
            org.apache.cxf.ws.addressing.AttributedURIType action = new org.apache.cxf.ws.addressing.AttributedURIType();
            action.setValue(RecordState.ACTION);
            maps.setAction(action);
            d.getRequestContext().put(org.apache.cxf.ws.addressing.JAXWSAConstants.CLIENT_ADDRESSING_PROPERTIES, maps);
            javax.xml.transform.Source source = d.invoke(new javax.xml.transform.stream.StreamSource(
                    new java.io.StringReader(RecordState.request(patientCx))));
            try {
                javax.xml.transform.dom.DOMResult dom = new javax.xml.transform.dom.DOMResult();
                javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer().transform(source, dom);
                return dom.getNode() instanceof org.w3c.dom.Document doc ? doc.getDocumentElement() : (org.w3c.dom.Element) dom.getNode();
            } catch (javax.xml.transform.TransformerException e) {
                throw new WebServiceException("unreadable record-state answer: " + e.getMessage(), e);
            }
        });
        return RecordState.of(answer);
    }

    private static jakarta.xml.ws.Dispatch<javax.xml.transform.Source> recordStateDispatch(Builder b, String url)
            throws ClientException {
        if (url == null) {
            return null;
        }
        javax.xml.namespace.QName portName = new javax.xml.namespace.QName(RecordState.NS, "RecordState_Port_Soap12");
        jakarta.xml.ws.Service service = jakarta.xml.ws.Service.create(new javax.xml.namespace.QName(RecordState.NS, "RecordState_Service"));
        service.addPort(portName, jakarta.xml.ws.soap.SOAPBinding.SOAP12HTTP_BINDING, url);
        jakarta.xml.ws.Dispatch<javax.xml.transform.Source> d = service.createDispatch(portName, javax.xml.transform.Source.class,
                jakarta.xml.ws.Service.Mode.PAYLOAD, new jakarta.xml.ws.soap.AddressingFeature());
        d.getRequestContext().put("thread.local.request.context", "true");
        Client client = ((org.apache.cxf.jaxws.DispatchImpl<?>) d).getClient();
        if (b.vihf != null) {
            client.getOutInterceptors().add(new VihfOutInterceptor("TD0.2", b.vihf));
        }
        configureConduit(b, client, "TD0.2", url);
        return d;
    }

    private static <P, R> R call(String tx, String url, P port, Function<P, R> invocation) throws ClientException {
        if (port == null) {
            throw ClientFailure.USAGE.exception("no endpoint URL configured for " + tx);
        }
        try {
            return invocation.apply(port);
        } catch (SOAPFaultException e) {
            String local = e.getFault() == null ? "" : e.getFault().getFaultCodeAsQName().getLocalPart();
            String code = e.getFault() == null ? "" : " [" + local + subcode(e) + "]";
            throw faultFailure(local).exception(e, tx + " endpoint " + url, e.getMessage() + code);
        } catch (WebServiceException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof org.apache.cxf.binding.soap.SoapFault fault) {
                    String local = fault.getFaultCode().getLocalPart();
                    String code = " [" + local
                            + (fault.getSubCode() == null ? "" : "/" + fault.getSubCode().getLocalPart()) + "]";
                    throw faultFailure(local).exception(e, tx + " endpoint " + url, fault.getMessage() + code);
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.GeneralSecurityException) {
                    throw ClientFailure.TLS.exception(e, url + ": " + why);
                }
            }
            throw ClientFailure.TRANSPORT.exception(e, tx + " endpoint " + url, why);
        }
    }

    /** A Receiver (SOAP 1.2) or Server (1.1) fault is the server's own trouble: worth retrying (R-91 outbox). */
    private static ClientFailure faultFailure(String faultCodeLocalPart) {
        return "Receiver".equals(faultCodeLocalPart) || "Server".equals(faultCodeLocalPart)
                ? ClientFailure.SERVER_FAULT : ClientFailure.SOAP_FAULT;
    }

    private static String subcode(SOAPFaultException e) {
        try {
            var it = e.getFault().getFaultSubcodes();
            return it != null && it.hasNext() ? "/" + ((javax.xml.namespace.QName) it.next()).getLocalPart() : "";
        } catch (UnsupportedOperationException ignored) {
            return "";
        }
    }

    private static <T> T port(Builder b, XDS.Interactions interaction, String tx, String url, Class<T> sei)
            throws ClientException {
        if (url == null) {
            return null;
        }
        WsTransactionConfiguration<?> ws = interaction.getWsTransactionConfiguration();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(sei);
        f.setServiceName(ws.getServiceName());
        f.setWsdlLocation(XdsWsdl.location(tx));
        f.setAddress(url);
        f.getFeatures().add(new WSAddressingFeature());
        Map<String, Object> props = new HashMap<>();
        props.put("mtom-enabled", Boolean.TRUE);
        f.setProperties(props);
        if (b.vihf != null) {
            f.getOutInterceptors().add(new VihfOutInterceptor(tx, b.vihf));
        }
        T port = f.create(sei);
        configureConduit(b, ClientProxy.getClient(port), tx, url);
        return port;
    }

    /** Timeouts, no chunking, and TLS for an https URL (a key store with a plain http URL is a usage error). */
    private static void configureConduit(Builder b, Client client, String tx, String url) throws ClientException {
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(b.connectTimeout.toMillis());
        policy.setReceiveTimeout(b.receiveTimeout.toMillis());
        policy.setAllowChunking(false);
        conduit.setClient(policy);
        if (url.startsWith("https:")) {
            conduit.setTlsClientParameters(b.tls != null ? b.tls.toCxf() : new TlsSettings(null, null, null, null).toCxf());
        } else if (b.tls != null && b.tls.keyStore() != null) {
            throw ClientFailure.USAGE.exception("a TLS key store is configured but " + tx + " URL " + url + " is not https");
        }
    }

    public static final class Builder {
        private Endpoints endpoints = new Endpoints(null, null, null, null);
        private String recordStateUrl;
        private TlsSettings tls;
        private VihfSupplier vihf;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration receiveTimeout = Duration.ofMinutes(2);

        public Builder baseUrl(String url) {
            endpoints = Endpoints.under(url);
            recordStateUrl = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/xds/record-state";
            return this;
        }

        /** The TD0.2 record-state endpoint (default {@code <base>/xds/record-state}). */
        public Builder recordState(String url) { recordStateUrl = url; return this; }

        public Builder endpoints(Endpoints e) { endpoints = e; return this; }

        public Builder iti41(String url) { endpoints = new Endpoints(url, endpoints.iti18(), endpoints.iti43(), endpoints.iti57()); return this; }

        public Builder iti18(String url) { endpoints = new Endpoints(endpoints.iti41(), url, endpoints.iti43(), endpoints.iti57()); return this; }

        public Builder iti43(String url) { endpoints = new Endpoints(endpoints.iti41(), endpoints.iti18(), url, endpoints.iti57()); return this; }

        public Builder iti57(String url) { endpoints = new Endpoints(endpoints.iti41(), endpoints.iti18(), endpoints.iti43(), url); return this; }

        public Builder tls(TlsSettings t) { tls = t; return this; }

        public Builder vihf(VihfSupplier s) { vihf = s; return this; }

        public Builder connectTimeout(Duration d) { connectTimeout = d; return this; }

        public Builder receiveTimeout(Duration d) { receiveTimeout = d; return this; }

        public XdsClient build() throws ClientException {
            return new XdsClient(this);
        }
    }
}
