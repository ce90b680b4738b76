package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.transport.Multipart;
import org.passerelle.conformance.transport.SoapRequest;
import org.passerelle.conformance.transport.XdsResponse;

class TransportTest {

    @Test
    void mtomRetrieveResponseIsReadWithItsAttachment() throws Exception {
        byte[] pdf = "%PDF-1.4 binary \u0000\u0001 content".getBytes(StandardCharsets.ISO_8859_1);
        String body = "<xdsb:RetrieveDocumentSetResponse xmlns:xdsb='urn:ihe:iti:xds-b:2007'>"
                + "<rs:RegistryResponse xmlns:rs='urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0' status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success'/>"
                + "<xdsb:DocumentResponse><xdsb:RepositoryUniqueId>1.2.3</xdsb:RepositoryUniqueId>"
                + "<xdsb:DocumentUniqueId>1.2.3.4</xdsb:DocumentUniqueId><xdsb:mimeType>application/pdf</xdsb:mimeType>"
                + "<xdsb:Document><xop:Include xmlns:xop='http://www.w3.org/2004/08/xop/include' href='cid:doc1%40x'/></xdsb:Document>"
                + "</xdsb:DocumentResponse></xdsb:RetrieveDocumentSetResponse>";
        String env = SoapRequest.envelope("urn:ihe:iti:2007:RetrieveDocumentSetResponse", "http://x", null, body);
        SoapRequest mtom = SoapRequest.mtom("a", env, List.of(new SoapRequest.Attachment("doc1@x", "application/pdf", pdf)));
        XdsResponse r = XdsResponse.parse(mtom.contentType(), mtom.body());
        assertEquals("Success", r.status());
        assertEquals(1, r.documents().size());
        assertArrayEquals(pdf, r.documents().get(0).content());
        assertEquals("1.2.3.4", r.documents().get(0).documentUniqueId());
    }

    @Test
    void faultsAndRegistryErrorsAreRead() throws Exception {
        String fault = SoapRequest.envelope("x", "http://x", null,
                "<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang='en'>assertion expired</soap:Text></soap:Reason></soap:Fault>");
        XdsResponse f = XdsResponse.parse("application/soap+xml", fault.getBytes(StandardCharsets.UTF_8));
        assertTrue(f.isFault());
        assertTrue(f.faultReason().contains("assertion expired"), f.faultReason());

        String failure = SoapRequest.envelope("x", "http://x", null,
                "<rs:RegistryResponse xmlns:rs='urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0' status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure'>"
                        + "<rs:RegistryErrorList><rs:RegistryError errorCode='XDSUnknownPatientId' codeContext='patient P1 unknown' severity='urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error'/></rs:RegistryErrorList></rs:RegistryResponse>");
        XdsResponse r = XdsResponse.parse("application/soap+xml", failure.getBytes(StandardCharsets.UTF_8));
        assertEquals("Failure", r.status());
        assertEquals("XDSUnknownPatientId", r.errors().get(0).errorCode());
    }

    @Test
    void hostileOrBrokenResponsesGiveAClearError() {
        StepException e = assertThrows(StepException.class, () -> XdsResponse.parse("text/xml",
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ConformanceFailure.RESPONSE_UNREADABLE, e.failure());
        e = assertThrows(StepException.class, () -> XdsResponse.parse("text/html", "<html><body>502</body></html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a SOAP envelope"), e.getMessage());
        e = assertThrows(StepException.class, () -> XdsResponse.parse("multipart/related; boundary=b", "--b\r\nContent-Type: x\r\n\r\nabc".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void multipartParametersAreUnquoted() {
        String ct = "multipart/related; boundary=\"MIME;b\"; type=\"application/xop+xml\"; start=\"<root@x>\"";
        assertEquals("MIME;b", Multipart.parameter(ct, "boundary"));
        assertEquals("<root@x>", Multipart.parameter(ct, "start"));
    }
}
