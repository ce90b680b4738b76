package org.passerelle.registry;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAssociation30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLExtrinsicObject30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryPackage30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.InternationalStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.LocalizedStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.VersionInfoType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.AssociationTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.DocumentEntryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.FolderTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.SubmissionSetTransformer;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.passerelle.registry.Fixtures.*;

/**
 * The stored form written without JAXB is, character for character, what JAXB's marshaller writes: for the objects
 * IPF makes of the registry's metadata, for every kind of content the writer handles, and for unusual characters.
 */
class StoredRimWriterTest {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    private static final String AWKWARD = "a&b <c> \"d\" 'e' \r\n\tf é ™ 𝄞 ]]> &amp;";

    private static String jaxb(ExtrinsicObjectType eo) {
        return MetadataCodec.marshal(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(eo));
    }

    private static String jaxb(RegistryPackageType rp) {
        return MetadataCodec.marshal(EbXMLFactory30.RIM_FACTORY.createRegistryPackage(rp));
    }

    private static String jaxb(AssociationType1 a) {
        return MetadataCodec.marshal(EbXMLFactory30.RIM_FACTORY.createAssociation(a));
    }

    private static ExtrinsicObjectType ebXml(DocumentEntry de) {
        return ((EbXMLExtrinsicObject30) new DocumentEntryTransformer(FACTORY).toEbXML(de, FACTORY.createObjectLibrary())).getInternal();
    }

    private static DocumentEntry registered(DocumentEntry de) {
        de.setEntryUuid("urn:uuid:8d4b8e3a-3b0b-4f6a-9f1e-1b2f3c4d5e6f");
        de.setLogicalUuid(de.getEntryUuid());
        de.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        de.setVersion(new Version("1"));
        de.setType(DocumentEntryType.STABLE);
        de.setRepositoryUniqueId(REPO);
        de.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        de.setSize(0L);
        return de;
    }

    @Test
    void documentEntriesAsJaxbWritesThem() {
        // (IPF gives each Classification a fresh id: one ebXML object, written both ways)
        ExtrinsicObjectType plain = ebXml(registered(entry("Document01", PATIENT)));
        assertEquals(jaxb(plain), StoredRimWriter.extrinsicObject(plain));

        DocumentEntry full = registered(entry("Document02", PATIENT));
        full.setTitle(new LocalizedString(AWKWARD));
        full.setComments(new LocalizedString("commentaire", "fr-FR", "UTF-8"));
        full.getEventCodeList().add(code("E1", AWKWARD, "1.2.3"));
        full.getEventCodeList().add(code("E2", "", "1.2.3"));
        full.getConfidentialityCodes().add(code("R", "Restreint", "2.16.840.1.113883.5.25"));
        full.getReferenceIdList().add(new ReferenceId("ref-1", null, ReferenceId.ID_TYPE_CODE_ORDER));
        full.getAuthors().add(author("^MARTIN^Claire^^^Dr^^^&1.2.250.1.71.4.2.1&ISO"));
        full.getAuthors().get(0).getAuthorRole().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable("R & D"));
        full.setExtraMetadata(Map.of("urn:passerelle:test", List.of(AWKWARD, "", "second")));
        full.setType(DocumentEntryType.ON_DEMAND);
        ExtrinsicObjectType fullXml = ebXml(full);
        assertEquals(jaxb(fullXml), StoredRimWriter.extrinsicObject(fullXml));
    }

    @Test
    void submissionSetsFoldersAndAssociationsAsJaxbWritesThem() {
        SubmissionSet ss = submissionSet(PATIENT);
        ss.setEntryUuid("urn:uuid:1d4b8e3a-3b0b-4f6a-9f1e-1b2f3c4d5e6f");
        ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        ss.setComments(new LocalizedString(AWKWARD));
        RegistryPackageType set = ((EbXMLRegistryPackage30) new SubmissionSetTransformer(FACTORY)
                .toEbXML(ss, FACTORY.createObjectLibrary())).getInternal();
        assertEquals(jaxb(set), StoredRimWriter.registryPackage(set));

        Folder f = folder("urn:uuid:2d4b8e3a-3b0b-4f6a-9f1e-1b2f3c4d5e6f", PATIENT);
        f.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        f.setVersion(new Version("2"));
        f.setLastUpdateTime("20261123090000");
        RegistryPackageType folder = ((EbXMLRegistryPackage30) new FolderTransformer(FACTORY)
                .toEbXML(f, FACTORY.createObjectLibrary())).getInternal();
        assertEquals(jaxb(folder), StoredRimWriter.registryPackage(folder));

        Association member = member("urn:uuid:3d4b8e3a-3b0b-4f6a-9f1e-1b2f3c4d5e6f", ss.getEntryUuid(), f.getEntryUuid());
        member.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        member.setPreviousVersion("1");
        AssociationType1 a = ((EbXMLAssociation30) new AssociationTransformer(FACTORY)
                .toEbXML(member, FACTORY.createObjectLibrary())).getInternal();
        assertEquals(jaxb(a), StoredRimWriter.association(a));

        Association rplc = assoc(AssociationType.REPLACE, "urn:uuid:4d4b8e3a-3b0b-4f6a-9f1e-1b2f3c4d5e6f", "urn:uuid:a", "urn:uuid:b");
        rplc.setDocCode(code("X", AWKWARD, "1.2"));
        AssociationType1 r = ((EbXMLAssociation30) new AssociationTransformer(FACTORY)
                .toEbXML(rplc, FACTORY.createObjectLibrary())).getInternal();
        assertEquals(jaxb(r), StoredRimWriter.association(r));
    }

    @Test
    void everyConstructTheWriterHandlesAsJaxbWritesIt() {
        ExtrinsicObjectType eo = new ExtrinsicObjectType();
        eo.setId("id1");
        eo.setHome("urn:oid:1.2.3");
        eo.setIsOpaque(Boolean.TRUE);
        eo.setMimeType(AWKWARD);
        VersionInfoType content = new VersionInfoType();
        content.setVersionName("3");
        content.setComment(AWKWARD);
        eo.setContentVersionInfo(content);
        eo.setDescription(new InternationalStringType());          // empty Description
        SlotType1 noValueList = new SlotType1();
        noValueList.setName("noValueList");
        SlotType1 emptyValueList = new SlotType1();
        emptyValueList.setName("empty");
        emptyValueList.setSlotType("type");
        emptyValueList.setValueList(new ValueListType());
        SlotType1 values = new SlotType1();
        values.setName(AWKWARD);
        values.setValueList(new ValueListType());
        values.getValueList().getValue().addAll(List.of("", AWKWARD, "x"));
        eo.getSlot().addAll(List.of(noValueList, emptyValueList, values));
        ClassificationType c = new ClassificationType();
        c.setClassificationNode("urn:uuid:node");
        c.setId("c1");
        ClassificationType nested = new ClassificationType();
        nested.setNodeRepresentation("");
        c.getClassification().add(nested);
        LocalizedStringType noLang = new LocalizedStringType();
        noLang.setValue("v");
        InternationalStringType name = new InternationalStringType();
        name.getLocalizedString().addAll(List.of(noLang, new LocalizedStringType()));
        c.setName(name);
        eo.getClassification().add(c);
        assertEquals(jaxb(eo), StoredRimWriter.extrinsicObject(eo));

        // an entirely empty object too
        assertEquals(jaxb(new ExtrinsicObjectType()), StoredRimWriter.extrinsicObject(new ExtrinsicObjectType()));
        assertEquals(jaxb(new AssociationType1()), StoredRimWriter.association(new AssociationType1()));
    }

    @Test
    void whatItDoesNotWriteLikeJaxbIsLeftToJaxb() {
        ExtrinsicObjectType control = new ExtrinsicObjectType();
        control.setMimeType("a\u0001b");
        assertThrows(StoredRimWriter.Unsupported.class, () -> StoredRimWriter.extrinsicObject(control));

        ExtrinsicObjectType nullValue = new ExtrinsicObjectType();
        SlotType1 slot = new SlotType1();
        slot.setName("s");
        slot.setValueList(new ValueListType());
        slot.getValueList().getValue().add(null);
        nullValue.getSlot().add(slot);
        assertThrows(StoredRimWriter.Unsupported.class, () -> StoredRimWriter.extrinsicObject(nullValue));

        RegistryPackageType withList = new RegistryPackageType();
        withList.setRegistryObjectList(new RegistryObjectListType());
        assertThrows(StoredRimWriter.Unsupported.class, () -> StoredRimWriter.registryPackage(withList));
    }

    @Test
    void theCodecStoresWhatJaxbWouldAndReadsItBack() {
        MetadataCodec codec = new MetadataCodec();
        // (a tab in an attribute value reads back as a space, as it always did with JAXB: XML attribute normalisation)
        String title = AWKWARD.replace("\t", "");
        DocumentEntry de = registered(entry("Document03", PATIENT));
        de.setTitle(new LocalizedString(title));
        de.setExtraMetadata(Map.of("urn:passerelle:test", List.of(AWKWARD)));
        String stored = codec.write(de);
        DocumentEntry back = codec.readDocumentEntry(stored);
        assertEquals(title, back.getTitle().getValue());
        assertEquals(de.getUniqueId(), back.getUniqueId());
        assertEquals(List.of(AWKWARD), back.getExtraMetadata().get("urn:passerelle:test"));
    }
}
