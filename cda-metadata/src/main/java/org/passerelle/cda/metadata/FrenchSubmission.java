package org.passerelle.cda.metadata;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLProvideAndRegisterDocumentSetRequest;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds an ITI-41 submission the French way from CDA documents: one DocumentEntry per CDA (derived from its
 * header), a SubmissionSet carrying the patient and the first document's author, HasMember associations; and its
 * ebXML with the French HL7 v2 forms.
 */
public final class FrenchSubmission {
    private final CdaHeaderReader reader = new CdaHeaderReader();
    private final FrenchMetadataBuilder builder;

    public FrenchSubmission() {
        this(new FrenchMetadataBuilder());
    }

    public FrenchSubmission(FrenchMetadataBuilder builder) {
        this.builder = builder;
    }

    /** Reads a CDA file and derives its DocumentEntry. */
    public CdaDocument document(Path file, MetadataOverrides overrides) throws CdaMetadataException {
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > CdaHeaderReader.MAX_BYTES) {
                throw CdaMetadataFailure.TOO_LARGE.exception(file, size, CdaHeaderReader.MAX_BYTES);
            }
            content = Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw CdaMetadataFailure.UNREADABLE.exception(e, file + ": " + e.getMessage());
        }
        return document(file.getFileName().toString(), content, overrides);
    }

    public CdaDocument document(String name, byte[] content, MetadataOverrides overrides) throws CdaMetadataException {
        CdaHeader header = reader.read(content);
        DocumentEntry entry = builder.build(header, overrides);
        if (header.selfPresenting() && overrides.mimeType() == null) {
            entry.setMimeType("application/xslt+xml");
        }
        return new CdaDocument(name, content, header, entry);
    }

    public ProvideAndRegisterDocumentSet build(List<CdaDocument> documents, SubmissionOptions options)
            throws CdaMetadataException {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no document to submit");
        }
        CdaDocument first = documents.get(0);
        String patient = FrenchForms.render(first.entry().getPatientId());
        for (CdaDocument d : documents) {
            String p = FrenchForms.render(d.entry().getPatientId());
            if (!patient.equals(p)) {
                throw CdaMetadataFailure.PATIENTS_DIFFER.exception(d.name(), p, patient);
            }
        }
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        set.setUniqueId(options.submissionSetUniqueId() != null ? options.submissionSetUniqueId() : newOid());
        set.setSourceId(options.sourceId());
        set.setSubmissionTime(Timestamp.now());
        set.setPatientId(first.entry().getPatientId());
        set.setContentTypeCode(options.contentTypeCode() != null ? options.contentTypeCode()
                : SubmissionOptions.DEFAULT_CONTENT_TYPE);
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        if (!first.header().authors().isEmpty()) {
            set.getAuthors().add(FrenchMetadataBuilder.author(first.header().authors().get(0)));
        }
        if (first.header().title() != null) {
            set.setTitle(first.entry().getTitle());
        }

        ProvideAndRegisterDocumentSet request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(set);
        for (CdaDocument d : documents) {
            DataHandler content = new DataHandler(new ByteArrayDataSource(d.content(), d.entry().getMimeType()));
            request.getDocuments().add(new Document(d.entry(), content));
            Association hasMember = new Association(AssociationType.HAS_MEMBER,
                    "urn:uuid:" + UUID.randomUUID(), set.getEntryUuid(), d.entry().getEntryUuid());
            hasMember.setLabel(AssociationLabel.ORIGINAL);
            request.getAssociations().add(hasMember);
        }
        return request;
    }

    /** The ebXML of an ITI-41 request, with the French HL7 v2 forms written in. */
    public static EbXMLProvideAndRegisterDocumentSetRequest<ProvideAndRegisterDocumentSetRequestType> toEbXml(
            ProvideAndRegisterDocumentSet request) {
        var ebXml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        List<XDSMetaClass> model = new ArrayList<>();
        model.add(request.getSubmissionSet());
        request.getDocuments().forEach(d -> model.add(d.getDocumentEntry()));
        model.addAll(request.getFolders());
        FrenchEbXml.apply(ebXml.getInternal().getSubmitObjectsRequest().getRegistryObjectList(), model);
        return ebXml;
    }

    /** A globally unique OID under the UUID arc 2.25. */
    public static String newOid() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
