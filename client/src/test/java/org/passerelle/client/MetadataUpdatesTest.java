package org.passerelle.client;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.passerelle.cda.metadata.CdaHeaderReader;
import org.passerelle.cda.metadata.FrenchMetadataBuilder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MetadataUpdatesTest {
    private final MetadataUpdates updates = new MetadataUpdates("1.2.250.1.999.1.1.7898");

    private static DocumentEntry registered() throws Exception {
        DocumentEntry e = new FrenchMetadataBuilder().build(new CdaHeaderReader().read(
                ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml")));
        e.setLogicalUuid(e.getEntryUuid());
        e.setVersion(new Version("2"));
        return e;
    }

    @Test
    void maskIsANewVersionWithPreviousVersionAndTheSameLogicalId() throws Exception {
        DocumentEntry current = registered();
        String oldUuid = current.getEntryUuid();
        String lid = current.getLogicalUuid();
        SubmitObjectsRequest r = updates.newVisibilityVersion(current, MetadataUpdates.Visibility.MASQUE_PS, true);

        ExtrinsicObjectType eo = only(r, ExtrinsicObjectType.class);
        assertNotEquals(oldUuid, eo.getId());
        assertEquals(lid, eo.getLid());
        assertTrue(eo.getClassification().stream().anyMatch(c -> "MASQUE_PS".equals(c.getNodeRepresentation())));
        assertTrue(eo.getExternalIdentifier().stream().anyMatch(x -> x.getValue().endsWith("&ISO^NH")), "French patient id");
        AssociationType1 member = only(r, AssociationType1.class);
        assertEquals(eo.getId(), member.getTargetObject());
        assertEquals(List.of("2"), slot(member.getSlot(), "PreviousVersion"));
    }

    @Test
    void archiveWritesTheCiSisStatus() throws Exception {
        DocumentEntry current = registered();
        SubmitObjectsRequest r = updates.statusChange(current, MetadataUpdates.APPROVED, MetadataUpdates.ARCHIVED);
        AssociationType1 a = only(r, AssociationType1.class);
        assertEquals("urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus", a.getAssociationType());
        assertEquals(current.getEntryUuid(), a.getTargetObject());
        assertEquals(List.of(MetadataUpdates.ARCHIVED), slot(a.getSlot(), "NewStatus"));
        assertEquals(List.of(MetadataUpdates.APPROVED), slot(a.getSlot(), "OriginalStatus"));
        assertTrue(r.getRegistryObjectList().getIdentifiable().stream().noneMatch(e -> e.getValue() instanceof ExtrinsicObjectType),
                "a status change carries no DocumentEntry");
    }

    private static <T> T only(SubmitObjectsRequest r, Class<T> type) {
        List<T> found = r.getRegistryObjectList().getIdentifiable().stream().map(e -> e.getValue())
                .filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    private static List<String> slot(List<SlotType1> slots, String name) {
        return slots.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getValueList().getValue();
    }

    @Test
    void passerelleSlotsCarryTheCiSisStatusOutsideTheIheSlot() throws Exception {
        SubmitObjectsRequest r = new MetadataUpdates("1.2.3", MetadataUpdates.StatusSlots.PASSERELLE)
                .statusChange(registered(), MetadataUpdates.APPROVED, MetadataUpdates.DELETED);
        AssociationType1 a = only(r, AssociationType1.class);
        assertEquals(List.of(MetadataUpdates.DELETED), slot(a.getSlot(), "urn:passerelle:NewStatus"));
        assertTrue(a.getSlot().stream().noneMatch(s -> s.getName().equals("NewStatus")));
        assertEquals(List.of(MetadataUpdates.APPROVED), slot(a.getSlot(), "OriginalStatus"));
    }
}
