package org.passerelle.conformance;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.passerelle.conformance.metadata.Namespaces;
import org.passerelle.conformance.transport.Multipart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A deliberately small XDS.b stand-in for the runner's own tests: an MLLP listener that records fed PID-3 ids, an
 * ITI-41 endpoint that accepts a submission only for a fed patient and only with one MTOM part per xdsb:Document,
 * and an ITI-18 endpoint that answers a GetSubmissionSetAndContents by SubmissionSet uniqueId from what was stored.
 */
final class StubXdsEndpoint implements AutoCloseable {
    final Set<String> fedPatients = ConcurrentHashMap.newKeySet();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Element> stored = new CopyOnWriteArrayList<>();
    private final HttpServer http;
    private final ServerSocket mllp;
    private final Thread mllpThread;

    StubXdsEndpoint() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/xds/iti41", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            requests.add(ct + "\n" + new String(body, StandardCharsets.UTF_8));
            String answer;
            try {
                answer = provideAndRegister(ct, body);
            } catch (Exception e) {
                answer = response("Failure", "XDSRegistryError", e.getMessage());
            }
            reply(ex, answer);
        });
        http.createContext("/xds/iti18", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(new String(body, StandardCharsets.UTF_8));
            String answer;
            try {
                answer = query(body);
            } catch (Exception e) {
                answer = response("Failure", "XDSRegistryError", e.getMessage());
            }
            reply(ex, answer);
        });
        http.start();
        mllp = new ServerSocket(0);
        mllpThread = new Thread(this::serveMllp, "stub-mllp");
        mllpThread.setDaemon(true);
        mllpThread.start();
    }

    String baseUrl() { return "http://127.0.0.1:" + http.getAddress().getPort(); }

    int mllpPort() { return mllp.getLocalPort(); }

    private void serveMllp() {
        while (!mllp.isClosed()) {
            try (Socket s = mllp.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder msg = new StringBuilder();
                int b;
                while ((b = in.read()) != -1 && b != 0x1c) if (b != 0x0b) msg.append((char) b);
                String controlId = "";
                for (String seg : msg.toString().split("\r")) {
                    String[] f = seg.split("\\|", -1);
                    if (seg.startsWith("MSH|")) controlId = f[9];
                    if (seg.startsWith("PID|")) {
                        String[] cx = f[3].split("\\^", -1);
                        fedPatients.add(cx[0] + "^^^" + cx[3]);
                    }
                }
                String ack = "MSH|^~\\&|STUB|STUB|||20260101000000||ACK^A01|1|P|2.5\rMSA|AA|" + controlId + "\r";
                OutputStream out = s.getOutputStream();
                out.write(0x0b);
                out.write(ack.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {0x1c, 0x0d});
                out.flush();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private String provideAndRegister(String contentType, byte[] body) throws Exception {
        if (!Multipart.isMultipart(contentType)) return response("Failure", "XDSRegistryError", "not MTOM");
        List<Multipart.Part> parts = Multipart.parse(contentType, body);
        Document env = Xml.parse(parts.get(0).body());
        List<Element> docs = Xml.descendants(env, "Document");
        if (docs.size() != parts.size() - 1) return response("Failure", "XDSMissingDocument", "parts do not match documents");
        for (Element ei : Xml.descendants(env, "ExternalIdentifier")) {
            if (Namespaces.SS_PATIENT_ID.equals(ei.getAttribute("identificationScheme")) && !fedPatients.contains(ei.getAttribute("value"))) {
                return response("Failure", "XDSUnknownPatientId", ei.getAttribute("value"));
            }
        }
        Element list = Xml.descendants(env, "RegistryObjectList").get(0);
        for (Element e : Xml.children(list)) {
            if (!e.getLocalName().equals("ObjectRef") && !e.getLocalName().equals("Classification")) {
                e.setAttribute("status", "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved");
            }
        }
        stored.add(list);
        return response("Success", null, null);
    }

    private String query(byte[] body) throws Exception {
        Document q = Xml.parse(body);
        String ssUid = null;
        for (Element slot : Xml.descendants(q, "Slot")) {
            if (slot.getAttribute("name").equals("$XDSSubmissionSetUniqueId")) ssUid = slot.getTextContent().trim().replace("'", "");
        }
        StringBuilder objects = new StringBuilder();
        for (Element list : stored) {
            boolean match = Xml.descendants(list, "ExternalIdentifier").stream().anyMatch(ei ->
                    Namespaces.SS_UNIQUE_ID.equals(ei.getAttribute("identificationScheme")));
            String uid = Xml.descendants(list, "ExternalIdentifier").stream()
                    .filter(ei -> Namespaces.SS_UNIQUE_ID.equals(ei.getAttribute("identificationScheme")))
                    .map(ei -> ei.getAttribute("value")).findFirst().orElse("");
            if (match && uid.equals(ssUid)) {
                for (Element e : Xml.children(list)) {
                    if (!e.getLocalName().equals("ObjectRef")) objects.append(Xml.fragment(e));
                }
            }
        }
        return "<query:AdhocQueryResponse xmlns:query='urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0' "
                + "status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success'>"
                + "<rim:RegistryObjectList xmlns:rim='urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0'>" + objects
                + "</rim:RegistryObjectList></query:AdhocQueryResponse>";
    }

    private static String response(String status, String code, String context) {
        String errors = code == null ? "" : "<rs:RegistryErrorList><rs:RegistryError errorCode='" + code + "' codeContext='"
                + (context == null ? "" : context.replace("'", "").replace("&", "&amp;").replace("<", "&lt;"))
                + "' severity='urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error'/></rs:RegistryErrorList>";
        return "<rs:RegistryResponse xmlns:rs='urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0' status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:"
                + status + "'>" + errors + "</rs:RegistryResponse>";
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String bodyXml) throws IOException {
        byte[] b = ("<soap:Envelope xmlns:soap='http://www.w3.org/2003/05/soap-envelope'><soap:Body>" + bodyXml
                + "</soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=UTF-8");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        mllp.close();
    }
}
