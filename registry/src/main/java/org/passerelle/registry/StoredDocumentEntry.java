package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLClassification;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLExtrinsicObject30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Vocabulary;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.AuthorTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.CodeTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.DocumentEntryTransformer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A DocumentEntry returned by a query in its ebRIM form, ready for the wire: exactly the ExtrinsicObject IPF's
 * {@code DocumentEntryTransformer} would write for the {@link DocumentEntry} the same query returns through
 * {@link XdsStore#query} (same attributes, slots, classifications, external identifiers; status, entryUUID and
 * homeCommunityId from the registry; extra metadata kept aside in {@link ExtrinsicObjectType#getExtraMetadata()}), without
 * building that IPF object. The few facts an access decision needs are read from it with IPF's own transformers;
 * {@link #toDocumentEntry()} gives the full IPF object when a caller needs it.
 */
public final class StoredDocumentEntry {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    private static final CodeTransformer CODES = new CodeTransformer(FACTORY);
    private static final AuthorTransformer AUTHORS = new AuthorTransformer(FACTORY);
    private static final DocumentEntryTransformer ENTRIES = new DocumentEntryTransformer(FACTORY);

    private final ExtrinsicObjectType ebXml;
    private final String status;
    private final Function<ExtrinsicObjectType, DocumentEntry> toIpf;
    private DocumentEntry ipf;

    /**
     * @param ebXml  the wire form (status, id, home already set), extra metadata in its extraMetadata
     * @param status the registry status URN (CI-SIS Archived included)
     * @param toIpf  builds the IPF DocumentEntry the simple-model query path returns for the same entry
     */
    StoredDocumentEntry(ExtrinsicObjectType ebXml, String status, Function<ExtrinsicObjectType, DocumentEntry> toIpf) {
        this.ebXml = ebXml;
        this.status = status;
        this.toIpf = toIpf;
    }

    /** An entry of the simple model (e.g. from another {@code XdsBackend}) in ebRIM form, as IPF writes it. */
    public static StoredDocumentEntry of(DocumentEntry entry) {
        ExtrinsicObjectType eo = ((EbXMLExtrinsicObject30) ENTRIES.toEbXML(entry, FACTORY.createObjectLibrary())).getInternal();
        AvailabilityStatus s = entry.getAvailabilityStatus();
        StoredDocumentEntry stored = new StoredDocumentEntry(eo, s == null ? null : AvailabilityStatus.toQueryOpcode(s), e -> entry);
        stored.ipf = entry;
        return stored;
    }

    /** The ExtrinsicObject to put in the AdhocQueryResponse. */
    public ExtrinsicObjectType ebXml() { return ebXml; }

    public String entryUuid() { return ebXml.getId(); }

    /** The registry status URN, CI-SIS Archived included (IPF's {@link #availabilityStatus()} is null for it). */
    public String status() { return status; }

    /** The IPF status, as {@link DocumentEntry#getAvailabilityStatus()} gives it (null for a CI-SIS status). */
    public AvailabilityStatus availabilityStatus() { return AvailabilityStatus.valueOfOpcode(ebXml.getStatus()); }

    public String uniqueId() { return wrapped().getExternalIdentifierValue(Vocabulary.DOC_ENTRY_UNIQUE_ID_EXTERNAL_ID); }

    public Identifiable patientId() {
        String value = wrapped().getExternalIdentifierValue(Vocabulary.DOC_ENTRY_PATIENT_ID_EXTERNAL_ID);
        return value == null ? null : Identifiable.parse(value);
    }

    public Code typeCode() {
        EbXMLClassification c = wrapped().getSingleClassification(Vocabulary.DOC_ENTRY_TYPE_CODE_CLASS_SCHEME);
        return c == null ? null : CODES.fromEbXML(c);
    }

    public List<Code> confidentialityCodes() {
        List<Code> out = new ArrayList<>();
        for (EbXMLClassification c : wrapped().getClassifications(Vocabulary.DOC_ENTRY_CONFIDENTIALITY_CODE_CLASS_SCHEME)) {
            out.add(CODES.fromEbXML(c));
        }
        return out;
    }

    public List<Author> authors() {
        List<Author> out = new ArrayList<>();
        for (EbXMLClassification c : wrapped().getClassifications(Vocabulary.DOC_ENTRY_AUTHOR_CLASS_SCHEME)) {
            out.add(AUTHORS.fromEbXML(c));
        }
        return out;
    }

    /**
     * A DocumentEntry carrying only what access decisions read: entryUUID, logicalUUID, version, homeCommunityId,
     * uniqueId, patientId, availabilityStatus, mimeType, typeCode, confidentialityCodes, authors and the extra metadata,
     * each as in {@link #toDocumentEntry()}; every other field is empty. Cheaper than the full entry (no HL7 parsing of
     * source patient, legal authenticator, reference ids...).
     */
    public DocumentEntry accessView() {
        DocumentEntry view = new DocumentEntry();
        view.setEntryUuid(entryUuid());
        view.setLogicalUuid(ebXml.getLid());
        if (ebXml.getVersionInfo() != null) view.setVersion(new Version(ebXml.getVersionInfo().getVersionName()));
        view.setHomeCommunityId(ebXml.getHome());
        view.setUniqueId(uniqueId());
        view.setPatientId(patientId());
        view.setAvailabilityStatus(availabilityStatus());
        view.setMimeType(ebXml.getMimeType());
        view.setTypeCode(typeCode());
        view.getConfidentialityCodes().addAll(confidentialityCodes());
        view.getAuthors().addAll(authors());
        if (ebXml.getExtraMetadata() != null) view.setExtraMetadata(ebXml.getExtraMetadata());
        return view;
    }

    /** The IPF DocumentEntry {@link XdsStore#query} returns for this entry (built on first call). */
    public synchronized DocumentEntry toDocumentEntry() {
        if (ipf == null) ipf = toIpf.apply(ebXml);
        return ipf;
    }

    private EbXMLExtrinsicObject30 wrapped() {
        return new EbXMLExtrinsicObject30(ebXml, FACTORY.createObjectLibrary());
    }
}
