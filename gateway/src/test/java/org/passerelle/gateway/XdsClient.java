package org.passerelle.gateway;

import org.passerelle.gateway.bench.CxfPorts;

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
import org.openehealth.ipf.commons.ihe.xds.iti42.Iti42PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.iti57.Iti57PortType;


/** A CXF JAX-WS client of the gateway built on IPF's port types: SOAP 1.2, WS-Addressing, MTOM. */
public final class XdsClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Iti41PortType iti41;
    private final Iti42PortType iti42;
    private final Iti18PortType iti18;
    private final Iti43PortType iti43;
    private final Iti57PortType iti57;

    public XdsClient(GatewayServer server) {
        this(server.iti41Url(), server.iti42Url(), server.iti18Url(), server.iti43Url(), server.iti57Url());
    }

    XdsClient(String iti41Url, String iti42Url, String iti18Url, String iti43Url, String iti57Url) {
        iti41 = port(XDS.Interactions.ITI_41, "ITI-41", iti41Url, Iti41PortType.class);
        iti42 = port(XDS.Interactions.ITI_42, "ITI-42", iti42Url, Iti42PortType.class);
        iti18 = port(XDS.Interactions.ITI_18, "ITI-18", iti18Url, Iti18PortType.class);
        iti43 = port(XDS.Interactions.ITI_43, "ITI-43", iti43Url, Iti43PortType.class);
        iti57 = port(XDS.Interactions.ITI_57, "ITI-57", iti57Url, Iti57PortType.class);
    }

    static <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
        return CxfPorts.port(interaction, tx, url, sei, 120_000);
    }

    public Response provideAndRegister(ProvideAndRegisterDocumentSetRequestType request) {
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti41.documentRepositoryProvideAndRegisterDocumentSetB(request)));
    }

    public Response register(RegisterDocumentSet request) {
        var ebXml = new RegisterDocumentSetTransformer(FACTORY).toEbXML(request);
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti42.documentRegistryRegisterDocumentSetB(ebXml.getInternal())));
    }

    public Response update(RegisterDocumentSet request) {
        var ebXml = new RegisterDocumentSetTransformer(FACTORY).toEbXML(request);
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti57.documentRegistryUpdateDocumentSet(ebXml.getInternal())));
    }

    /** ITI-57 with a wire request as built (e.g. CI-SIS statuses written into the IHE status slots). */
    public Response update(org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest request) {
        return new ResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRegistryResponse30(iti57.documentRegistryUpdateDocumentSet(request)));
    }

    public QueryResponse query(QueryRegistry query) {
        var ebXml = new QueryRegistryTransformer(FACTORY).toEbXML(query);
        return new QueryResponseTransformer(FACTORY).fromEbXML(
                new EbXMLQueryResponse30(iti18.documentRegistryRegistryStoredQuery(ebXml.getInternal())));
    }

    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        var ebXml = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRetrieveDocumentSetResponse30(iti43.documentRepositoryRetrieveDocumentSet(ebXml.getInternal())));
    }
}
