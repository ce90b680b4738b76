package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.passerelle.cda.metadata.FrenchEbXml;
import org.passerelle.cda.metadata.FrenchMetadataBuilder;
import org.passerelle.cda.metadata.FrenchSubmission;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * ITI-57 requests of the DMP lifecycle (docs/xds-fr-metadata.md §9): a new metadata version with changed
 * confidentiality codes (mask/unmask to professionals, visibility to the patient or legal representatives), and
 * availability status changes (archive, unarchive, logical delete).
 */
public final class MetadataUpdates {
    public static final String ARCHIVED = "urn:asip:ci-sis:2010:StatusType:Archived";
    public static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";
    public static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";

    /** The confidentiality codes of TRE_A07 a new version can add or remove. */
    public enum Visibility {
        MASQUE_PS("Masqué aux professionnels de santé"),
        INVISIBLE_PATIENT("Non visible par le patient"),
        INVISIBLE_REPRESENTANTS_LEGAUX("Non visible par les représentants légaux du patient");

        private final String display;

        Visibility(String display) {
            this.display = display;
        }

        public Code code() {
            return new Code(name(), new LocalizedString(display), FrenchMetadataBuilder.VISIBILITY_OID);
        }
    }

    /**
     * Where the CI-SIS statuses (Archived, Deleted) travel. {@code STANDARD}: the IHE {@code OriginalStatus} /
     * {@code NewStatus} slots, as the DMP expects. {@code PASSERELLE}: IPF's server-side validation cannot read a
     * CI-SIS value there, so the Passerelle gateway also accepts them in {@code urn:passerelle:OriginalStatus} /
     * {@code urn:passerelle:NewStatus} with the IHE slot left out.
     */
    public enum StatusSlots { STANDARD, PASSERELLE }

    private final String sourceId;
    private final StatusSlots statusSlots;

    /** @param sourceId OID of the sending system (SubmissionSet.sourceId) */
    public MetadataUpdates(String sourceId) {
        this(sourceId, StatusSlots.STANDARD);
    }

    public MetadataUpdates(String sourceId, StatusSlots statusSlots) {
        this.sourceId = sourceId;
        this.statusSlots = statusSlots;
    }

    /**
     * A new version of {@code current} (as returned by GetDocuments, LeafClass) with {@code visibility} added
     * ({@code add}) or removed. The new version keeps the logicalId; the registry assigns its version number.
     */
    public SubmitObjectsRequest newVisibilityVersion(DocumentEntry current, Visibility visibility, boolean add) {
        return newVersion(current, next -> {
            List<Code> codes = next.getConfidentialityCodes();
            codes.removeIf(c -> visibility.name().equals(c.getCode()));
            if (add) {
                codes.add(visibility.code());
            }
        });
    }

    /**
     * A new metadata version of {@code current} (as returned by GetDocuments, LeafClass) after {@code change}: new
     * entryUUID, same logicalId, HasMember with PreviousVersion = the current version; the registry assigns the
     * new version number. {@code current} is modified.
     */
    public SubmitObjectsRequest newVersion(DocumentEntry current, Consumer<DocumentEntry> change) {
        String previousVersion = current.getVersion() == null ? "1" : current.getVersion().getVersionName();
        String lid = current.getLogicalUuid() != null ? current.getLogicalUuid() : current.getEntryUuid();
        DocumentEntry next = current;
        next.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        next.setLogicalUuid(lid);
        next.setVersion(null);
        next.setAvailabilityStatus(null);
        change.accept(next);
        SubmissionSet set = submissionSet(current);
        Association member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), next.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        member.setPreviousVersion(previousVersion);
        member.setAssociationPropagation(true);
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getDocumentEntries().add(next);
        request.getAssociations().add(member);
        return toEbXml(request, List.of(set, next));
    }

    /**
     * Changes the availability status of a DocumentEntry: {@code newStatus} is {@link #ARCHIVED}, {@link #DELETED}
     * or {@link #APPROVED} (unarchive); {@code originalStatus} the current one.
     */
    public SubmitObjectsRequest statusChange(DocumentEntry current, String originalStatus, String newStatus) {
        SubmissionSet set = submissionSet(current);
        Association update = new Association(AssociationType.UPDATE_AVAILABILITY_STATUS,
                "urn:uuid:" + UUID.randomUUID(), set.getEntryUuid(), current.getEntryUuid());
        // IPF knows only the IHE statuses; the French ones are written into the ebXML below
        update.setOriginalStatus(AvailabilityStatus.APPROVED);
        update.setNewStatus(AvailabilityStatus.DEPRECATED);
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getAssociations().add(update);
        SubmitObjectsRequest ebXml = toEbXml(request, List.of(set));
        for (var element : ebXml.getRegistryObjectList().getIdentifiable()) {
            if (element.getValue() instanceof AssociationType1 a
                    && AssociationType.UPDATE_AVAILABILITY_STATUS.getOpcode30().equals(a.getAssociationType())) {
                status(a.getSlot(), "OriginalStatus", originalStatus);
                status(a.getSlot(), "NewStatus", newStatus);
            }
        }
        return ebXml;
    }

    private SubmissionSet submissionSet(DocumentEntry about) {
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        set.setUniqueId(FrenchSubmission.newOid());
        set.setSourceId(sourceId);
        set.setSubmissionTime(Timestamp.now());
        set.setPatientId(about.getPatientId());
        set.setContentTypeCode(org.passerelle.cda.metadata.SubmissionOptions.DEFAULT_CONTENT_TYPE);
        if (!about.getAuthors().isEmpty()) {
            set.getAuthors().add(about.getAuthors().get(0));
        }
        return set;
    }

    private static SubmitObjectsRequest toEbXml(RegisterDocumentSet request, List<XDSMetaClass> model) {
        SubmitObjectsRequest ebXml = new RegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request).getInternal();
        FrenchEbXml.apply(ebXml.getRegistryObjectList(), new ArrayList<>(model));
        return ebXml;
    }

    private void status(List<SlotType1> slots, String name, String value) {
        boolean ihe = AvailabilityStatus.valueOfOpcode(value) != null;
        if (statusSlots == StatusSlots.STANDARD || ihe) {
            setSlot(slots, name, value);
            return;
        }
        slots.removeIf(s -> name.equals(s.getName()));
        SlotType1 slot = new SlotType1();
        slot.setName("urn:passerelle:" + name);
        ValueListType values = new ValueListType();
        values.getValue().add(value);
        slot.setValueList(values);
        slots.add(slot);
    }

    private static void setSlot(List<SlotType1> slots, String name, String value) {
        for (SlotType1 s : slots) {
            if (name.equals(s.getName())) {
                s.getValueList().getValue().clear();
                s.getValueList().getValue().add(value);
            }
        }
    }
}
