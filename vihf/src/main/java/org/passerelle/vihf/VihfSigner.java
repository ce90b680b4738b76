package org.passerelle.vihf;

import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Signs an assertion the way the ANS samples do (docs/vihf-air.md §3): enveloped signature placed right after
 * saml2:Issuer, one reference to {@code #<Assertion/@ID>}, transforms enveloped-signature then exclusive c14n,
 * rsa-sha256 and sha256, the signing certificate in KeyInfo.
 */
public final class VihfSigner {

    static {
        org.apache.xml.security.Init.init();
    }

    private VihfSigner() { }

    /** Signs with rsa-sha256 / sha256. Returns the assertion (now carrying its ds:Signature). */
    public static Element sign(Element assertion, PrivateKey key, X509Certificate certificate) {
        return sign(assertion, key, certificate, Saml.RSA_SHA256, Saml.SHA256);
    }

    /** Signs with the given algorithm URIs (the verifier refuses SHA-1: this overload exists for its tests). */
    public static Element sign(Element assertion, PrivateKey key, X509Certificate certificate,
                               String signatureAlgorithm, String digestAlgorithm) {
        try {
            String id = assertion.getAttributeNS(null, "ID");
            if (id.isEmpty()) throw new IllegalArgumentException("the assertion has no ID");
            XMLSignature sig = new XMLSignature(assertion.getOwnerDocument(), null, signatureAlgorithm, Saml.EXC_C14N);
            Element issuer = VihfVerifier.children(assertion).stream()
                    .filter(e -> VihfVerifier.is(e, Saml.SAML2_NS, "Issuer")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the assertion has no saml2:Issuer"));
            assertion.insertBefore(sig.getElement(), issuer.getNextSibling());
            assertion.setIdAttributeNS(null, "ID", true);
            Transforms transforms = new Transforms(assertion.getOwnerDocument());
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            sig.addDocument("#" + id, transforms, digestAlgorithm);
            sig.addKeyInfo(certificate);
            sig.sign(key);
            return assertion;
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("cannot sign the assertion: " + e.getMessage(), e);
        }
    }
}
