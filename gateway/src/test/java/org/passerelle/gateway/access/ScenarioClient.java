package org.passerelle.gateway.access;

import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.iti57.Iti57PortType;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.wsdl.XdsWsdl;

import java.util.Map;

/** SOAP 1.2 / WS-Addressing / MTOM client of ITI-41, 18, 43 and 57 on IPF's port types, for the scenario tests. */
final class ScenarioClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Iti41PortType iti41;
    private final Iti18PortType iti18;
    private final Iti43PortType iti43;
    private final Iti57PortType iti57;

    ScenarioClient(GatewayServer server) {
        iti41 = port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class);
        iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class);
        iti43 = port(XDS.Interactions.ITI_43, "ITI-43", server.iti43Url(), Iti43PortType.class);
        iti57 = port(XDS.Interactions.ITI_57, "ITI-57", server.iti57Url(), Iti57PortType.class);
    }

    private static <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
        WsTransactionConfiguration<?> ws = interaction.getWsTransactionConfiguration();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(sei);
        f.setServiceName(ws.getServiceName());
        f.setWsdlLocation(XdsWsdl.location(tx));
        f.setAddress(url);
        f.getFeatures().add(new WSAddressingFeature());
        f.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
        T port = f.create(sei);
        Client client = ClientProxy.getClient(port);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        conduit.getClient().setReceiveTimeout(60_000);
        conduit.getClient().setAllowChunking(false);
        return port;
    }

    Response provideAndRegister(ProvideAndRegisterDocumentSetRequestType request) {
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti41.documentRepositoryProvideAndRegisterDocumentSetB(request)));
    }

    Response update(RegisterDocumentSet request) {
        var ebXml = new RegisterDocumentSetTransformer(FACTORY).toEbXML(request);
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti57.documentRegistryUpdateDocumentSet(ebXml.getInternal())));
    }

    /** ITI-57 with a wire request as built (e.g. CI-SIS statuses written into the IHE status slots). */
    Response update(org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest request) {
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti57.documentRegistryUpdateDocumentSet(request)));
    }

    QueryResponse query(QueryRegistry query) {
        var ebXml = new QueryRegistryTransformer(FACTORY).toEbXML(query);
        return new QueryResponseTransformer(FACTORY).fromEbXML(
                new EbXMLQueryResponse30(iti18.documentRegistryRegistryStoredQuery(ebXml.getInternal())));
    }

    RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        var ebXml = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRetrieveDocumentSetResponse30(iti43.documentRepositoryRetrieveDocumentSet(ebXml.getInternal())));
    }
}
