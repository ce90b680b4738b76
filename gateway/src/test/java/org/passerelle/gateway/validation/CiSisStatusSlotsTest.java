package org.passerelle.gateway.validation;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.passerelle.gateway.GatewayException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The CI-SIS statuses are taken out of the IHE slots before IPF reads them, and put back in the registry's form. */
class CiSisStatusSlotsTest {

    static final String ASSOCIATION = "urn:uuid:9a0f0e6e-0000-4000-8000-000000000001";
    final RegisterDocumentSetTransformer transformer = new RegisterDocumentSetTransformer(new EbXMLFactory30());

    SubmitObjectsRequest statusChange(String slot, String original, String next) {
        RegisterDocumentSet set = new RegisterDocumentSet();
        Association a = new Association(AssociationType.UPDATE_AVAILABILITY_STATUS, ASSOCIATION,
                "urn:uuid:9a0f0e6e-0000-4000-8000-000000000002", "urn:uuid:9a0f0e6e-0000-4000-8000-000000000003");
        a.setOriginalStatus(AvailabilityStatus.APPROVED);
        a.setNewStatus(AvailabilityStatus.DEPRECATED);
        set.getAssociations().add(a);
        SubmitObjectsRequest wire = transformer.toEbXML(set).getInternal();
        AssociationType1 w = (AssociationType1) wire.getRegistryObjectList().getIdentifiable().get(0).getValue();
        w.getSlot().forEach(s -> {
            if (s.getName().equals("OriginalStatus")) s.getValueList().getValue().set(0, original);
            if (s.getName().equals("NewStatus")) s.getValueList().getValue().set(0, next);
            s.setName(s.getName().equals("NewStatus") || s.getName().equals("OriginalStatus") ? slot + s.getName() : s.getName());
        });
        return wire;
    }

    @Test
    void deletedInTheIheSlotReachesTheModelAsRegistryExtraMetadata() {
        SubmitObjectsRequest wire = statusChange("", CiSisStatusSlots.ARCHIVED, CiSisStatusSlots.DELETED);
        CiSisStatusSlots.Extracted found = CiSisStatusSlots.extract(wire);
        assertEquals(Map.of(ASSOCIATION, Map.of("OriginalStatus", CiSisStatusSlots.ARCHIVED, "NewStatus", CiSisStatusSlots.DELETED)),
                found.byAssociation());
        RegisterDocumentSet model = transformer.fromEbXML(new EbXMLSubmitObjectsRequest30(wire));
        assertNotNull(model.getAssociations().get(0).getNewStatus(), "IPF sees a status it knows");
        found.applyTo(model);
        Association a = model.getAssociations().get(0);
        assertNull(a.getNewStatus());
        assertNull(a.getOriginalStatus());
        assertEquals(List.of(CiSisStatusSlots.DELETED), a.getExtraMetadata().get("urn:passerelle:NewStatus"));
        assertEquals(List.of(CiSisStatusSlots.ARCHIVED), a.getExtraMetadata().get("urn:passerelle:OriginalStatus"));
    }

    @Test
    void iheStatusesAreLeftAlone() {
        SubmitObjectsRequest wire = statusChange("", AvailabilityStatus.APPROVED.getQueryOpcode(), AvailabilityStatus.DEPRECATED.getQueryOpcode());
        assertTrue(CiSisStatusSlots.extract(wire).byAssociation().isEmpty());
    }

    @Test
    void passerelleSlotsAreAcceptedToo() {
        SubmitObjectsRequest wire = statusChange("urn:passerelle:", AvailabilityStatus.APPROVED.getQueryOpcode(), CiSisStatusSlots.ARCHIVED);
        CiSisStatusSlots.Extracted found = CiSisStatusSlots.extract(wire);
        assertEquals(Map.of("NewStatus", CiSisStatusSlots.ARCHIVED), found.byAssociation().get(ASSOCIATION));
        AssociationType1 w = (AssociationType1) wire.getRegistryObjectList().getIdentifiable().get(0).getValue();
        assertTrue(w.getSlot().stream().anyMatch(s -> s.getName().equals("NewStatus")), "IPF finds a NewStatus slot");
    }

    @Test
    void ciSisStatusesAreUnknownUnderTheIheProfile() {
        GatewayException e = assertThrows(GatewayException.class, () -> CiSisStatusSlots.extract(
                statusChange("", AvailabilityStatus.APPROVED.getQueryOpcode(), CiSisStatusSlots.DELETED), false));
        assertEquals(ErrorCode.METADATA_UPDATE_ERROR, e.errors().get(0).getErrorCode());
        assertTrue(e.errors().get(0).getCodeContext().contains(CiSisStatusSlots.DELETED), e.errors().get(0).getCodeContext());
    }

    @Test
    void unknownStatusIsAMetadataUpdateError() {
        GatewayException e = assertThrows(GatewayException.class, () -> CiSisStatusSlots.extract(
                statusChange("", AvailabilityStatus.APPROVED.getQueryOpcode(), "urn:asip:ci-sis:2010:StatusType:Lost")));
        assertEquals(ErrorCode.METADATA_UPDATE_ERROR, e.errors().get(0).getErrorCode());
        assertTrue(e.errors().get(0).getCodeContext().contains("NewStatus 'urn:asip:ci-sis:2010:StatusType:Lost'"),
                e.errors().get(0).getCodeContext());
    }
}
