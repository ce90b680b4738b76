package org.passerelle.gateway.ws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.XdsClient;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ITI-43 as a client sees the bytes, on the registry store (H2 and PostgreSQL): an MTOM request posted by hand, the
 * answer read as MIME parts: WS-Addressing response headers, XOP reference to an attachment holding the document's
 * exact bytes with its mimeType, and the ebRS status and error codes of a partial answer.
 */
class RetrieveOnTheWireTest {

    static final String EXAMPLE = "IPS-FR_2024.01.xml";
    static final String BOUNDARY = "uuid:5d1ab2e6-7c1f-4b9e-9d7c-000000000043";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void retrieveAnswersMtomWithAddressingHeadersAndTheExactBytes(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             GatewayServer server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0)
                     .dataSource(db.dataSource()).kitDir(SharedFolder.ciSis()).insTestOids(true).build())) {
            Path file = SharedFolder.ciSis().resolve("examples").resolve(EXAMPLE);
            FrenchSubmission fs = new FrenchSubmission();
            CdaDocument doc = fs.document(file, MetadataOverrides.NONE);
            ProvideAndRegisterDocumentSet pnr = fs.build(List.of(doc), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
            DocumentEntry entry = pnr.getDocuments().get(0).getDocumentEntry();
            Response stored = new XdsClient(server).provideAndRegister(FrenchSubmission.toEbXml(pnr).getInternal());
            assertEquals(Status.SUCCESS, stored.getStatus(), () -> stored.getErrors().toString());
            String repo = server.repositoryUniqueId();

            String messageId = "urn:uuid:" + UUID.randomUUID();
            HttpResponse<byte[]> r = post(server, messageId, request(repo, entry.getUniqueId()));
            assertEquals(200, r.statusCode());
            String contentType = r.headers().firstValue("Content-Type").orElseThrow();
            assertTrue(contentType.startsWith("multipart/related;") && contentType.contains("type=\"application/xop+xml\""), contentType);
            List<Part> parts = parts(r.body(), param(contentType, "boundary"));
            assertEquals(2, parts.size());
            String root = new String(parts.get(0).body, StandardCharsets.UTF_8);
            assertTrue(parts.get(0).headers.contains("application/xop+xml"), parts.get(0).headers);
            assertTrue(Pattern.compile("<(\\w+:)?Action[^>]*>urn:ihe:iti:2007:RetrieveDocumentSetResponse</(\\w+:)?Action>")
                    .matcher(root).find(), root);
            assertTrue(Pattern.compile("<(\\w+:)?RelatesTo[^>]*>" + Pattern.quote(messageId) + "</(\\w+:)?RelatesTo>")
                    .matcher(root).find(), root);
            assertTrue(Pattern.compile("<(\\w+:)?MessageID[^>]*>urn:uuid:[0-9a-f-]{36}</(\\w+:)?MessageID>").matcher(root).find(), root);
            assertTrue(root.contains("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"), root);
            assertTrue(root.contains(">" + entry.getUniqueId() + "<") && root.contains(">" + repo + "<"), root);
            assertTrue(Pattern.compile("<(\\w+:)?mimeType>text/xml</(\\w+:)?mimeType>").matcher(root).find(), root);
            Matcher include = Pattern.compile("<xop:Include [^>]*href=\"cid:([^\"]+)\"").matcher(root);
            assertTrue(include.find(), root);
            String cid = java.net.URLDecoder.decode(include.group(1), StandardCharsets.UTF_8);
            assertTrue(parts.get(1).headers.contains("Content-ID: <" + cid + ">"), parts.get(1).headers);
            assertTrue(parts.get(1).headers.contains("Content-Type: text/xml"), parts.get(1).headers);
            assertArrayEquals(Files.readAllBytes(file), parts.get(1).body);

            // the stored document, one unknown to the repository, one in another repository: PartialSuccess
            HttpResponse<byte[]> partial = post(server, "urn:uuid:" + UUID.randomUUID(),
                    request(repo, entry.getUniqueId()) + request(repo, "1.2.3.4.404") + request("1.2.3.999", entry.getUniqueId()));
            List<Part> partialParts = parts(partial.body(), param(partial.headers().firstValue("Content-Type").orElseThrow(), "boundary"));
            String partialRoot = new String(partialParts.get(0).body, StandardCharsets.UTF_8);
            assertEquals(2, partialParts.size());
            assertTrue(partialRoot.contains("urn:ihe:iti:2007:ResponseStatusType:PartialSuccess"), partialRoot);
            assertTrue(partialRoot.contains("errorCode=\"XDSDocumentUniqueIdError\"") && partialRoot.contains("location=\"1.2.3.4.404\""), partialRoot);
            assertTrue(partialRoot.contains("errorCode=\"XDSUnknownRepositoryId\""), partialRoot);
            assertArrayEquals(Files.readAllBytes(file), partialParts.get(1).body);

            // nothing found: Failure, no attachment
            HttpResponse<byte[]> none = post(server, "urn:uuid:" + UUID.randomUUID(), request(repo, "1.2.3.4.404"));
            String noneBody = new String(none.body(), StandardCharsets.UTF_8);
            assertEquals(200, none.statusCode());
            assertTrue(noneBody.contains("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"), noneBody);
            assertTrue(!noneBody.contains("xop:Include"), noneBody);
        }
    }

    static String request(String repo, String uid) {
        return "<ns2:DocumentRequest><ns2:RepositoryUniqueId>" + repo + "</ns2:RepositoryUniqueId><ns2:DocumentUniqueId>"
                + uid + "</ns2:DocumentUniqueId></ns2:DocumentRequest>";
    }

    static HttpResponse<byte[]> post(GatewayServer server, String messageId, String documentRequests) throws Exception {
        String wsa = "http://www.w3.org/2005/08/addressing";
        String envelope = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Header>"
                + "<Action xmlns=\"" + wsa + "\">urn:ihe:iti:2007:RetrieveDocumentSet</Action>"
                + "<MessageID xmlns=\"" + wsa + "\">" + messageId + "</MessageID>"
                + "<To xmlns=\"" + wsa + "\">" + server.iti43Url() + "</To>"
                + "<ReplyTo xmlns=\"" + wsa + "\"><Address>" + wsa + "/anonymous</Address></ReplyTo></soap:Header>"
                + "<soap:Body><ns2:RetrieveDocumentSetRequest xmlns:ns2=\"urn:ihe:iti:xds-b:2007\">" + documentRequests
                + "</ns2:RetrieveDocumentSetRequest></soap:Body></soap:Envelope>";
        String body = "\r\n--" + BOUNDARY + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\n"
                + "Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n" + envelope
                + "\r\n--" + BOUNDARY + "--";
        String contentType = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + BOUNDARY
                + "\"; start=\"<root.message@cxf.apache.org>\"; start-info=\"application/soap+xml\"";
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.iti43Url())).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String param(String contentType, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\";]+)\"?").matcher(contentType);
        assertTrue(m.find(), contentType);
        return m.group(1);
    }

    record Part(String headers, byte[] body) {}

    /** The parts of a multipart body: headers (text) and body bytes, between "--boundary" delimiter lines. */
    static List<Part> parts(byte[] body, String boundary) {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[body.length + 2];
        data[0] = '\r';
        data[1] = '\n';
        System.arraycopy(body, 0, data, 2, body.length);
        List<Integer> at = new ArrayList<>();
        for (int i = indexOf(data, delimiter, 0); i >= 0; i = indexOf(data, delimiter, i + delimiter.length)) at.add(i);
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k + 1 < at.size(); k++) {
            int start = at.get(k) + delimiter.length + 2;
            byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            int h = indexOf(data, headerEnd, start);
            parts.add(new Part(new String(data, start, h - start, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(data, h + headerEnd.length, at.get(k + 1))));
        }
        return parts;
    }

    static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (data[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }
}
