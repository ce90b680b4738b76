package org.passerelle.client;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** A SOAP 1.2 fault from the server (e.g. a refused VIHF) is a registry-side refusal: exit 1 with code and reason. */
class SoapFaultTest {
    static final String FAULT = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\">"
            + "<soap:Body><soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value>"
            + "<soap:Subcode><soap:Value xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
            + "wsse:FailedAuthentication</soap:Value></soap:Subcode></soap:Code>"
            + "<soap:Reason><soap:Text xml:lang=\"en\">VIHF expired: NotOnOrAfter 2026-11-23T10:00:00Z is past</soap:Text>"
            + "</soap:Reason></soap:Fault></soap:Body></soap:Envelope>";

    @Test
    void soapFaultIsExitCode1WithItsReasonAndSubcode() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/xds/iti18", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = FAULT.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=UTF-8");
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            CliRun r = CliRun.of("query", "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--type", "FindDocuments", "--patient", "1^^^&1.2.3&ISO");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("SOAP_FAULT"), r.toString());
            assertTrue(r.err().contains("VIHF expired"), r.toString());
            assertTrue(r.err().contains("FailedAuthentication"), r.toString());
        } finally {
            server.stop(0);
        }
    }
}
