package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.certs.SamplePki;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.conformance.run.XuaSecurityHeaders;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.vihf.XuaAssertions.Variant;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class XuaSecurityHeadersTest {

    @Test
    void variantComesFromTheTestNameSuffix() {
        assertEquals(Variant.EXPIRED, XuaSecurityHeaders.variantOf("11990_expired"));
        assertEquals(Variant.UNSIGNED, XuaSecurityHeaders.variantOf("11966_unsigned"));
        assertEquals(Variant.VALID, XuaSecurityHeaders.variantOf("11990eval_valid"));
        assertEquals(Variant.VALID, XuaSecurityHeaders.variantOf("11966"));
        assertEquals(Variant.VALID, XuaSecurityHeaders.variantOf("ReposAcceptanceTest-1111"));
    }

    @Test
    void assertionsAreMintedSignedAndSentInTheSecurityHeader() throws Exception {
        SamplePki pki = SharedPki.get();
        SamplePki.KeyMaterial sign = pki.establishments().get(0).sign();
        XuaSecurityHeaders xua = new XuaSecurityHeaders(sign.privateKey(pki.password()), sign.certificate(), null);

        Document expired = Xml.parse(wrap(xua.header("11990_expired", "a", "Fault")));
        Element conditions = Xml.descendants(expired, "Conditions").get(0);
        assertTrue(Instant.parse(conditions.getAttribute("NotOnOrAfter")).isBefore(Instant.now()), "expired assertion");
        assertEquals(1, Xml.descendants(expired, "Signature").size(), "expired but signed");
        Document unsigned = Xml.parse(wrap(xua.header("11966_unsigned", "a", "Fault")));
        assertEquals(0, Xml.descendants(unsigned, "Signature").size());
        assertEquals(1, Xml.descendants(unsigned, "Assertion").size());
        Document evalStep = Xml.parse(wrap(xua.header("11966_unsigned", "a", "Success")));
        assertEquals(1, Xml.descendants(evalStep, "Signature").size(), "steps not expecting a Fault get a valid assertion");

        try (StubXdsEndpoint stub = new StubXdsEndpoint()) {
            RunConfig config = new RunConfig(SharedFolder.nistTestkit(), stub.baseUrl(), List.of("11966_unsigned"),
                    RunConfig.DEFAULT_ASSIGNING_AUTHORITY, RunConfig.DEFAULT_SOURCE_ID, "1.2.3", "127.0.0.1",
                    stub.mllpPort(), null, Duration.ofSeconds(20), xua);
            RunResult run = new ConformanceRunner(config, null).run();
            assertEquals(List.of("15817", "11966_unsigned"), run.tests().stream().map(t -> t.id()).toList());
            assertFalse(run.tests().get(1).passed(), "the stub accepts unsigned assertions, the test expects a Fault");
            String pnr = stub.requests.get(0);
            int header = pnr.indexOf("<soap:Header>");
            int security = pnr.indexOf("<wsse:Security");
            assertTrue(header > 0 && security > header && security < pnr.indexOf("<soap:Body>"), "wsse:Security in the SOAP header");
            assertTrue(run.tests().get(1).firstFailure().reason().contains("expected status Fault, got Success"),
                    run.tests().get(1).firstFailure().reason());
        }
    }

    private static String wrap(String header) {
        return "<soap:Header xmlns:soap='http://www.w3.org/2003/05/soap-envelope'>" + header + "</soap:Header>";
    }
}
