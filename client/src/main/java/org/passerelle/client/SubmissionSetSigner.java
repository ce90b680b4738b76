package org.passerelle.client;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.FrenchMetadataBuilder;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The DMP submission-set signature (docs/xds-fr-metadata.md §8): an extra document {@code Signature01} holding an
 * XAdES-style XML signature (IHE DSG) whose single reference points to a {@code ds:Manifest} listing the submission
 * set and each document by {@code urn:oid:<uniqueId>} with its digest, signed with the establishment's ORG SIGN key;
 * its metadata (E1762, Digital Signature class, hidden from patient and professionals) and the {@code signs}
 * association Signature01 → SubmissionSet.
 * <p>Algorithms: RSA-SHA256 and SHA-256 digests (the ANS sample still uses SHA-1; required algorithms are
 * unconfirmed). The submission-set reference is digested over its uniqueId (UTF-8): what the DMP digests there is
 * unconfirmed.
 */
public final class SubmissionSetSigner {
    static final String DS = Constants.SignatureSpecNS;
    static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
    static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String PURPOSE_SOURCE = "1.2.840.10065.1.12.1.14";

    static {
        org.apache.xml.security.Init.init();
    }

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    /** @param chain the signing certificate first, then its issuers */
    public SubmissionSetSigner(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** Adds the signature document and its associations to {@code request} (call after every document is in). */
    public DocumentEntry sign(ProvideAndRegisterDocumentSet request) throws ClientException {
        SubmissionSet set = request.getSubmissionSet();
        Instant now = Instant.now();
        String sigUniqueId = FrenchSubmission.newOid();
        byte[] signature;
        try {
            signature = signatureXml(set, request.getDocuments(), sigUniqueId, now);
        } catch (Exception e) {
            throw ClientFailure.SIGNING.exception(e, "submission-set signature: " + e.getMessage());
        }
        DocumentEntry first = request.getDocuments().get(0).getDocumentEntry();
        DocumentEntry sig = new DocumentEntry();
        sig.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        sig.setUniqueId(sigUniqueId);
        sig.setType(DocumentEntryType.STABLE);
        sig.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        sig.setMimeType("text/xml");
        sig.setTitle(new LocalizedString("Source"));
        sig.setLanguageCode("art");
        Timestamp signingTime = new Timestamp(ZonedDateTime.ofInstant(now, ZoneOffset.UTC), Timestamp.Precision.SECOND);
        sig.setCreationTime(signingTime);
        sig.setServiceStartTime(signingTime);
        sig.setServiceStopTime(signingTime);
        sig.setPatientId(set.getPatientId());
        sig.setSourcePatientId(set.getPatientId());
        if (!set.getAuthors().isEmpty()) {
            sig.getAuthors().add(set.getAuthors().get(0));
            sig.setLegalAuthenticator(set.getAuthors().get(0).getAuthorPerson());
        }
        sig.setClassCode(new Code("urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1", new LocalizedString("Digital Signature"), "URN"));
        sig.setTypeCode(new Code("E1762", new LocalizedString("Full Document"), "ASTM"));
        sig.setFormatCode(new Code("http://www.w3.org/2000/09/xmldsig#", new LocalizedString("Default Signature Style"), "URN"));
        sig.getEventCodeList().add(new Code(PURPOSE_SOURCE, new LocalizedString("Source"), "1.2.840.10065.1.12"));
        sig.getConfidentialityCodes().add(new Code("N", new LocalizedString("Normal"), FrenchMetadataBuilder.CONFIDENTIALITY_OID));
        sig.getConfidentialityCodes().add(MetadataUpdates.Visibility.INVISIBLE_PATIENT.code());
        sig.getConfidentialityCodes().add(MetadataUpdates.Visibility.MASQUE_PS.code());
        sig.setHealthcareFacilityTypeCode(first.getHealthcareFacilityTypeCode());
        sig.setPracticeSettingCode(first.getPracticeSettingCode());

        request.getDocuments().add(new Document(sig, new DataHandler(new ByteArrayDataSource(signature, "text/xml"))));
        Association member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), sig.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        request.getAssociations().add(member);
        request.getAssociations().add(new Association(AssociationType.SIGNS, "urn:uuid:" + UUID.randomUUID(),
                sig.getEntryUuid(), set.getEntryUuid()));
        return sig;
    }

    byte[] signatureXml(SubmissionSet set, List<Document> documents, String sigUniqueId, Instant now) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document doc = f.newDocumentBuilder().newDocument();
        String sigId = sigUniqueId;

        XMLSignature signature = new XMLSignature(doc, null, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        doc.appendChild(signature.getElement());
        signature.setId(sigId);

        // the manifest: one reference per signed item, digests computed here
        ObjectContainer manifestObject = new ObjectContainer(doc);
        Element manifest = doc.createElementNS(DS, "ds:Manifest");
        manifest.setAttributeNS(null, "Id", "IHEManifest");
        manifest.setIdAttributeNS(null, "Id", true);
        manifest.appendChild(reference(doc, "urn:oid:" + set.getUniqueId(),
                digest(set.getUniqueId().getBytes(StandardCharsets.UTF_8))));
        for (Document d : documents) {
            manifest.appendChild(reference(doc, "urn:oid:" + d.getDocumentEntry().getUniqueId(), digest(bytes(d))));
        }
        manifestObject.appendChild(manifest);
        signature.appendObject(manifestObject);

        ObjectContainer properties = new ObjectContainer(doc);
        Element props = doc.createElementNS(DS, "ds:SignatureProperties");
        Element prop = doc.createElementNS(DS, "ds:SignatureProperty");
        prop.setAttributeNS(null, "Id", "purposeOfSignature");
        prop.setAttributeNS(null, "Target", "#" + sigId);
        prop.setTextContent(PURPOSE_SOURCE);
        props.appendChild(prop);
        properties.appendChild(props);

        // XAdES: signing time and signing certificate digest, themselves signed
        Element qualifying = doc.createElementNS(XADES, "xades:QualifyingProperties");
        qualifying.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xades", XADES);
        qualifying.setAttributeNS(null, "Target", "#" + sigId);
        Element signed = doc.createElementNS(XADES, "xades:SignedProperties");
        signed.setAttributeNS(null, "Id", "SignedProperties");
        signed.setIdAttributeNS(null, "Id", true);
        Element ssp = doc.createElementNS(XADES, "xades:SignedSignatureProperties");
        Element time = doc.createElementNS(XADES, "xades:SigningTime");
        time.setTextContent(now.toString());
        ssp.appendChild(time);
        Element signingCert = doc.createElementNS(XADES, "xades:SigningCertificate");
        Element cert = doc.createElementNS(XADES, "xades:Cert");
        Element certDigest = doc.createElementNS(XADES, "xades:CertDigest");
        Element dm = doc.createElementNS(DS, "ds:DigestMethod");
        dm.setAttributeNS(null, "Algorithm", SHA256);
        Element dv = doc.createElementNS(DS, "ds:DigestValue");
        dv.setTextContent(digest(chain.get(0).getEncoded()));
        certDigest.appendChild(dm);
        certDigest.appendChild(dv);
        Element issuerSerial = doc.createElementNS(XADES, "xades:IssuerSerial");
        Element issuerName = doc.createElementNS(DS, "ds:X509IssuerName");
        issuerName.setTextContent(chain.get(0).getIssuerX500Principal().getName());
        Element serial = doc.createElementNS(DS, "ds:X509SerialNumber");
        serial.setTextContent(chain.get(0).getSerialNumber().toString());
        issuerSerial.appendChild(issuerName);
        issuerSerial.appendChild(serial);
        cert.appendChild(certDigest);
        cert.appendChild(issuerSerial);
        signingCert.appendChild(cert);
        ssp.appendChild(signingCert);
        signed.appendChild(ssp);
        qualifying.appendChild(signed);
        properties.appendChild(qualifying);
        signature.appendObject(properties);

        Transforms c14n = new Transforms(doc);
        c14n.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#IHEManifest", c14n, SHA256, null, "http://www.w3.org/2000/09/xmldsig#Manifest");
        Transforms c14n2 = new Transforms(doc);
        c14n2.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#SignedProperties", c14n2, SHA256, null, "http://uri.etsi.org/01903#SignedProperties");
        for (X509Certificate c : chain) {
            signature.addKeyInfo(c);
        }
        signature.sign(key);

        return org.passerelle.vihf.WsSecurity.toBytes(doc);
    }

    private static Element reference(org.w3c.dom.Document doc, String uri, String digest) {
        Element ref = doc.createElementNS(DS, "ds:Reference");
        ref.setAttributeNS(null, "URI", uri);
        Element dm = doc.createElementNS(DS, "ds:DigestMethod");
        dm.setAttributeNS(null, "Algorithm", SHA256);
        Element dv = doc.createElementNS(DS, "ds:DigestValue");
        dv.setTextContent(digest);
        ref.appendChild(dm);
        ref.appendChild(dv);
        return ref;
    }

    static byte[] bytes(Document d) throws IOException {
        try (InputStream in = d.getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }

    static String digest(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
