package org.passerelle.gateway;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.junit.jupiter.api.AfterAll;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.testsupport.SharedFolder;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input at every level: SOAP Faults for malformed/hostile envelopes and transport problems, RegistryErrors for
 * inconsistent messages; the store is never called.
 */
class GatewayBadInputTest {

    static InMemoryBackend backend;
    static GatewayServer server;
    static XdsClient client;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        backend = new InMemoryBackend();
        server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0).kitDir(SharedFolder.ciSis())
                .insTestOids(true).maxRequestBytes(8L * 1024 * 1024).build(), backend);
        client = new XdsClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A SOAP 1.2 envelope with a WS-Addressing header and the given body, as a client would send it. */
    static String envelope(String action, String body) {
        String actionHeader = action == null ? "" : "<wsa:Action>" + action + "</wsa:Action>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">"
                + "<soap:Header>" + actionHeader + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:To>" + server.iti41Url() + "</wsa:To></soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static String pnrBody() throws Exception {
        ProvideAndRegisterDocumentSetRequestType wire = Submissions.frenchWire(Submissions.french("IPS-FR_2024.01.xml"));
        Marshaller m = JAXBContext.newInstance(ProvideAndRegisterDocumentSetRequestType.class).createMarshaller();
        m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
        StringWriter w = new StringWriter();
        m.marshal(wire, w);
        return w.toString();
    }

    static HttpResponse<String> post(String url, String contentType, String payload) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertFault(HttpResponse<String> r, String expectedText) {
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.body().contains("Fault") && r.body().contains("http://www.w3.org/2003/05/soap-envelope"), r.body());
        assertTrue(r.body().contains(expectedText), () -> "fault should mention '" + expectedText + "': " + r.body());
    }

    @Test
    void inlineBase64ProvideAndRegisterIsAccepted() throws Exception {
        int before = backend.calls;
        HttpResponse<String> r = post(server.iti41Url(), "application/soap+xml; charset=UTF-8",
                envelope("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", pnrBody()));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"), r.body());
        assertTrue(r.body().contains("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-bResponse"), "response action");
        assertEquals(before + 1, backend.calls);
    }

    @Test
    void wrongOrMissingActionIsAWsAddressingFault() throws Exception {
        int before = backend.calls;
        assertFault(post(server.iti41Url(), "application/soap+xml", envelope("urn:ihe:iti:2007:RegistryStoredQuery", pnrBody())),
                "ActionNotSupported");
        assertFault(post(server.iti41Url(), "application/soap+xml", envelope(null, pnrBody())),
                "MessageAddressingHeaderRequired");
        assertEquals(before, backend.calls);
    }

    @Test
    void malformedXmlIsASoapFault() throws Exception {
        int before = backend.calls;
        assertFault(post(server.iti41Url(), "application/soap+xml",
                envelope("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", "<unclosed>")), "Sender");
        assertEquals(before, backend.calls);
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() throws Exception {
        int before = backend.calls;
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + envelope("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", "<x>&xxe;</x>").substring(38);
        HttpResponse<String> r = post(server.iti41Url(), "application/soap+xml", xxe);
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.body().contains("Fault"), r.body());
        assertFalse(r.body().contains("root:"), "no file content may leak");
        assertEquals(before, backend.calls);
    }

    @Test
    void oversizedRequestIsRefusedBeforeParsing() throws Exception {
        int before = backend.calls;
        String big = envelope("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", "<x>" + "A".repeat(9 * 1024 * 1024) + "</x>");
        assertFault(post(server.iti41Url(), "application/soap+xml", big), "RequestTooLarge");
        assertEquals(before, backend.calls);
    }

    @Test
    void oversizedChunkedMtomAttachmentIsRefused() throws Exception {
        int before = backend.entries.size();
        ProvideAndRegisterDocumentSetRequestType wire = Submissions.frenchWire(Submissions.french("IPS-FR_2024.01.xml"));
        byte[] big = new byte[9 * 1024 * 1024];
        wire.getDocument().get(0).setValue(new DataHandler(new ByteArrayDataSource(big, "text/xml")));
        Iti41PortType chunked = XdsClient.port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class);
        ((HTTPConduit) ClientProxy.getClient(chunked).getConduit()).getClient().setAllowChunking(true);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> chunked.documentRepositoryProvideAndRegisterDocumentSetB(wire));
        String text = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        assertTrue(text.contains("8388608") || text.toLowerCase().contains("size"), text);
        assertEquals(before, backend.entries.size(), "nothing stored");
    }

    @Test
    void wrongContentTypeIsRefused() throws Exception {
        int before = backend.calls;
        assertFault(post(server.iti41Url(), "text/plain", envelope("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", pnrBody())),
                "content type");
        assertEquals(before, backend.calls);
    }

    @Test
    void extraMtomPartWithoutMetadataIsXdsMissingDocumentMetadata() throws Exception {
        int before = backend.calls;
        ProvideAndRegisterDocumentSetRequestType wire = Submissions.frenchWire(Submissions.french("IPS-FR_2024.01.xml"));
        ProvideAndRegisterDocumentSetRequestType.Document extra = new ProvideAndRegisterDocumentSetRequestType.Document();
        extra.setId("urn:uuid:" + UUID.randomUUID());
        extra.setValue(new DataHandler(new ByteArrayDataSource("extra".getBytes(), "text/plain")));
        wire.getDocument().add(extra);
        Response r = client.provideAndRegister(wire);
        GatewayDatabaseTest.assertRefused(r, ErrorCode.MISSING_DOCUMENT_METADATA);
        assertEquals(before, backend.calls);
    }

    @Test
    void duplicateUniqueIdInTheMessageIsRefused() throws Exception {
        int before = backend.calls;
        FrenchSubmission fs = new FrenchSubmission();
        CdaDocument a = fs.document(SharedFolder.ciSis().resolve("examples/IPS-FR_2024.01.xml"), MetadataOverrides.NONE);
        CdaDocument b = fs.document(SharedFolder.ciSis().resolve("examples/IPS-FR_2024.01.xml"), MetadataOverrides.NONE);
        ProvideAndRegisterDocumentSet pnr = fs.build(List.of(a, b), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
        DocumentEntry first = pnr.getDocuments().get(0).getDocumentEntry();
        DocumentEntry second = pnr.getDocuments().get(1).getDocumentEntry();
        assertEquals(first.getUniqueId(), second.getUniqueId());
        Response r = client.provideAndRegister(Submissions.frenchWire(pnr));
        GatewayDatabaseTest.assertRefused(r, ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE,
                ErrorCode.REPOSITORY_DUPLICATE_UNIQUE_ID_IN_MESSAGE);
        assertEquals(before, backend.calls);
    }
}
