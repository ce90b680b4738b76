package org.passerelle.gateway.validation;

import jakarta.xml.bind.JAXBElement;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;
import org.passerelle.gateway.GatewayException;
import org.passerelle.gateway.GatewayFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CI-SIS availability statuses ({@code urn:asip:ci-sis:2010:StatusType:Archived} / {@code :Deleted}) on ITI-57
 * UpdateAvailabilityStatus associations, fr-dmp profile. The DMP sends them in the standard IHE {@code OriginalStatus}
 * / {@code NewStatus} slots, which IPF reads into its {@link AvailabilityStatus} enum: IPF's validator would refuse
 * them as missing. {@link #extract} therefore takes them out of the wire request before IPF transforms and validates
 * it (leaving a placeholder IHE status in the slot), and {@link Extracted#applyTo} puts them back into the model as
 * the registry expects them (extra metadata {@code urn:passerelle:NewStatus} / {@code urn:passerelle:OriginalStatus},
 * IPF enum field cleared). A value that is neither an IHE nor a CI-SIS status is refused with XDSMetadataUpdateError.
 * The registry's own slots ({@code urn:passerelle:*}, client option {@code --status-slots PASSERELLE}) are accepted too.
 */
public final class CiSisStatusSlots {

    public static final String ARCHIVED = "urn:asip:ci-sis:2010:StatusType:Archived";
    public static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";
    static final String NEW_STATUS = "NewStatus";
    static final String ORIGINAL_STATUS = "OriginalStatus";
    static final String PASSERELLE_PREFIX = "urn:passerelle:";
    /** What IPF's validator sees in place of a CI-SIS status; never reaches the store. */
    private static final String PLACEHOLDER = AvailabilityStatus.DEPRECATED.getQueryOpcode();

    private CiSisStatusSlots() {
    }

    /** The CI-SIS statuses taken out of one request: association entryUUID → slot (NewStatus/OriginalStatus) → URN. */
    public record Extracted(Map<String, Map<String, String>> byAssociation) {
        public static final Extracted NONE = new Extracted(Map.of());

        /** Puts the CI-SIS statuses back on the transformed request's associations (registry convention). */
        public void applyTo(RegisterDocumentSet set) {
            if (byAssociation.isEmpty()) return;
            for (Association a : set.getAssociations()) {
                Map<String, String> statuses = byAssociation.get(a.getEntryUuid());
                if (statuses == null) continue;
                Map<String, List<String>> extra = a.getExtraMetadata() == null ? new HashMap<>() : new HashMap<>(a.getExtraMetadata());
                statuses.forEach((slot, urn) -> {
                    if (NEW_STATUS.equals(slot)) a.setNewStatus(null);
                    else a.setOriginalStatus(null);
                    extra.put(PASSERELLE_PREFIX + slot, List.of(urn));
                });
                a.setExtraMetadata(extra);
            }
        }
    }

    public static boolean isCiSis(String status) {
        return ARCHIVED.equals(status) || DELETED.equals(status);
    }

    /**
     * Rewrites the UpdateAvailabilityStatus associations of {@code request} in place so that IPF can validate them,
     * and returns the CI-SIS statuses found.
     *
     * @throws GatewayException XDSMetadataUpdateError for a status that is neither IHE nor CI-SIS
     */
    public static Extracted extract(SubmitObjectsRequest request) {
        return extract(request, true);
    }

    /**
     * As {@link #extract(SubmitObjectsRequest)}; with {@code ciSisAllowed} false (ihe profile) a CI-SIS status is an
     * unknown status like any other non-IHE value.
     */
    public static Extracted extract(SubmitObjectsRequest request, boolean ciSisAllowed) {
        if (request == null || request.getRegistryObjectList() == null) return Extracted.NONE;
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        for (JAXBElement<?> element : request.getRegistryObjectList().getIdentifiable()) {
            if (!(element.getValue() instanceof AssociationType1 a)
                    || !AssociationType.UPDATE_AVAILABILITY_STATUS.getOpcode30().equals(a.getAssociationType())) continue;
            for (String name : List.of(ORIGINAL_STATUS, NEW_STATUS)) {
                SlotType1 standard = slot(a, name);
                SlotType1 passerelle = slot(a, PASSERELLE_PREFIX + name);
                String value = first(standard);
                if (value == null) value = first(passerelle);
                if (value == null) continue; // IPF reports the missing status
                value = value.trim();
                if (isCiSis(value) && ciSisAllowed) {
                    found.computeIfAbsent(a.getId(), k -> new LinkedHashMap<>()).put(name, value);
                    if (passerelle != null) a.getSlot().remove(passerelle);
                    if (standard == null) {
                        standard = new SlotType1();
                        standard.setName(name);
                        standard.setValueList(new ValueListType());
                        a.getSlot().add(standard);
                    }
                    standard.getValueList().getValue().clear();
                    standard.getValueList().getValue().add(PLACEHOLDER);
                } else if (AvailabilityStatus.valueOfOpcode(value) == null) {
                    throw GatewayFailure.UPDATE_STATUS_UNKNOWN.exception(a.getId(), a.getId(), name, value);
                }
            }
        }
        return found.isEmpty() ? Extracted.NONE : new Extracted(found);
    }

    private static SlotType1 slot(AssociationType1 a, String name) {
        for (SlotType1 s : new ArrayList<>(a.getSlot())) {
            if (name.equals(s.getName())) return s;
        }
        return null;
    }

    private static String first(SlotType1 slot) {
        if (slot == null || slot.getValueList() == null || slot.getValueList().getValue().isEmpty()) return null;
        return slot.getValueList().getValue().get(0);
    }
}
