package org.passerelle.client;

import org.apache.xml.security.signature.Manifest;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.certs.SamplePki;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SubmissionSetSignerTest {
    @TempDir
    static Path dir;
    static SamplePki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = SamplePki.generate(dir.resolve("pki"), false);
    }

    static ProvideAndRegisterDocumentSet signed() throws Exception {
        ProvideAndRegisterDocumentSet r = new SubmissionPreparer(null).prepare(
                List.of(ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml")), SubmissionOptions.of("1.2.3"));
        SigningKey k = SigningKey.load(pki.establishment(1).sign().keyStore(), SamplePki.PASSWORD, null);
        new SubmissionSetSigner(k.key(), k.chain()).sign(r);
        return r;
    }

    @Test
    void signatureDocumentHasTheDmpMetadataAndAssociations() throws Exception {
        ProvideAndRegisterDocumentSet r = signed();
        assertEquals(2, r.getDocuments().size());
        DocumentEntry sig = r.getDocuments().get(1).getDocumentEntry();
        assertEquals("E1762", sig.getTypeCode().getCode());
        assertEquals("urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1", sig.getClassCode().getCode());
        assertEquals(List.of("N", "INVISIBLE_PATIENT", "MASQUE_PS"), sig.getConfidentialityCodes().stream().map(Code::getCode).toList());
        assertEquals("art", sig.getLanguageCode());
        assertEquals(r.getSubmissionSet().getPatientId(), sig.getPatientId());
        Association signs = r.getAssociations().stream().filter(a -> a.getAssociationType() == AssociationType.SIGNS)
                .findFirst().orElseThrow();
        assertEquals(sig.getEntryUuid(), signs.getSourceUuid());
        assertEquals(r.getSubmissionSet().getEntryUuid(), signs.getTargetUuid());
    }

    @Test
    void signatureVerifiesAndItsManifestCoversEveryDocument() throws Exception {
        ProvideAndRegisterDocumentSet r = signed();
        Document sigDoc = r.getDocuments().get(1);
        byte[] xml = SubmissionSetSigner.bytes(sigDoc);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element sigEl = doc.getDocumentElement();
        assertEquals(sigDoc.getDocumentEntry().getUniqueId(), sigEl.getAttribute("Id"));
        Element manifest = (Element) doc.getElementsByTagNameNS(SubmissionSetSigner.DS, "Manifest").item(0);
        manifest.setIdAttributeNS(null, "Id", true);
        Element props = (Element) doc.getElementsByTagNameNS(SubmissionSetSigner.XADES, "SignedProperties").item(0);
        props.setIdAttributeNS(null, "Id", true);

        XMLSignature signature = new XMLSignature(sigEl, "");
        assertTrue(signature.checkSignatureValue(pki.establishment(1).sign().certificate()), "signature value");

        Map<String, String> digests = new HashMap<>();
        NodeList refs = manifest.getElementsByTagNameNS(SubmissionSetSigner.DS, "Reference");
        for (int i = 0; i < refs.getLength(); i++) {
            Element ref = (Element) refs.item(i);
            digests.put(ref.getAttribute("URI"), ref.getElementsByTagNameNS(SubmissionSetSigner.DS, "DigestValue").item(0).getTextContent());
        }
        assertTrue(digests.containsKey("urn:oid:" + r.getSubmissionSet().getUniqueId()));
        byte[] cda = Files.readAllBytes(ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"));
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cda)),
                digests.get("urn:oid:" + r.getDocuments().get(0).getDocumentEntry().getUniqueId()));

        // tampering with a manifest digest breaks the signature
        Element firstDigest = (Element) manifest.getElementsByTagNameNS(SubmissionSetSigner.DS, "DigestValue").item(1);
        firstDigest.setTextContent(Base64.getEncoder().encodeToString(new byte[32]));
        assertFalse(new XMLSignature(sigEl, "").checkSignatureValue(pki.establishment(1).sign().certificate()));
    }
}
