package org.passerelle.conformance.run;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.passerelle.conformance.Xml;
import org.passerelle.vihf.XuaAssertions;
import org.passerelle.vihf.XuaAssertions.Variant;

/**
 * The XUA assertions of the NIST {@code *_expired}, {@code *_unsigned}, ... tests, minted and signed by the runner
 * itself (module vihf, {@link XuaAssertions}) instead of fetched from a Gazelle STS: the variant is the test-name
 * suffix, the subject the suffix too (the toolkit's STS user name). A variant that must be refused goes only with
 * the steps expecting a Fault (11966_x/submit); the test's other steps (11966_x/eval checks nothing was stored) and
 * every other test get a valid assertion.
 */
public final class XuaSecurityHeaders implements RunConfig.SecurityHeaders {
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private final XuaAssertions assertions;

    public XuaSecurityHeaders(PrivateKey key, X509Certificate certificate, String audience) {
        this.assertions = new XuaAssertions(key, certificate, "urn:passerelle:conformance:sts",
                audience == null ? XuaAssertions.DEFAULT_AUDIENCE : audience);
    }

    /** The variant a test name asks for: its suffix after the last '_' when that names one, else VALID. */
    public static Variant variantOf(String testId) {
        int us = testId.lastIndexOf('_');
        if (us < 0) return Variant.VALID;
        try {
            return Variant.fromSuffix(testId.substring(us + 1));
        } catch (IllegalArgumentException e) {
            return Variant.VALID;
        }
    }

    @Override
    public String header(String testId, String action, String expectedStatus) {
        Variant v = variantOf(testId);
        if (v.expectsFault() && !"Fault".equals(expectedStatus)) v = Variant.VALID;
        int us = testId.lastIndexOf('_');
        String subject = us < 0 ? "valid" : testId.substring(us + 1).toLowerCase(Locale.ROOT);
        return "<wsse:Security xmlns:wsse=\"" + WSSE + "\">"
                + Xml.fragment(assertions.build(v, subject, null)) + "</wsse:Security>";
    }
}
