package org.passerelle.registry;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAssociation30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLExtrinsicObject30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryPackage30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ObjectFactory;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.AssociationTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.DocumentEntryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.FolderTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.SubmissionSetTransformer;

import org.openehealth.ipf.commons.ihe.xds.core.ExtraMetadataHolder;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ValueListType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * Stores each registry object as its ebRIM 3.0 XML (IPF's own transformers), so a query rebuilds exactly what was
 * submitted, extra slots and classifications included.
 */
final class MetadataCodec {
    private static final JAXBContext CONTEXT;
    private static final XMLInputFactory INPUT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
        INPUT = XMLInputFactory.newFactory();
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    // JAXB (un)marshallers are not thread-safe but costly to create: one per thread
    private static final ThreadLocal<Marshaller> MARSHALLER = ThreadLocal.withInitial(() -> {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            return m;
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<jakarta.xml.bind.Unmarshaller> UNMARSHALLER = ThreadLocal.withInitial(() -> {
        try {
            return CONTEXT.createUnmarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });

    private final EbXMLFactory30 factory = new EbXMLFactory30();
    private final DocumentEntryTransformer documentEntries = new DocumentEntryTransformer(factory);
    private final SubmissionSetTransformer submissionSets = new SubmissionSetTransformer(factory);
    private final FolderTransformer folders = new FolderTransformer(factory);
    private final AssociationTransformer associations = new AssociationTransformer(factory);

    String write(DocumentEntry entry) {
        EbXMLExtrinsicObject30 eo = (EbXMLExtrinsicObject30) documentEntries.toEbXML(entry, factory.createObjectLibrary());
        ExtrinsicObjectType stored = slotsFromExtra(eo.getInternal());
        try {
            return StoredRimWriter.extrinsicObject(stored);
        } catch (StoredRimWriter.Unsupported e) {
            return marshal(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(stored));
        }
    }

    DocumentEntry readDocumentEntry(String xml) {
        return documentEntry(readExtrinsicObject(xml));
    }

    /** The stored UTF-8 bytes as they came from the database: no String decoding before the XML parser. */
    DocumentEntry readDocumentEntry(byte[] utf8) {
        return documentEntry(readExtrinsicObject(utf8));
    }

    /** The stored ExtrinsicObject, its extra metadata slots moved back into {@link ExtrinsicObjectType#getExtraMetadata()}. */
    ExtrinsicObjectType readExtrinsicObject(byte[] utf8) {
        try {
            return extraFromSlots(extrinsicObject(INPUT.createXMLStreamReader(new ByteArrayInputStream(utf8), "UTF-8"), null, utf8));
        } catch (XMLStreamException e) {
            throw new IllegalStateException("stored registry object is unreadable: " + e, e);
        }
    }

    ExtrinsicObjectType readExtrinsicObject(String xml) {
        try {
            return extraFromSlots(extrinsicObject(INPUT.createXMLStreamReader(new StringReader(xml)), xml, null));
        } catch (XMLStreamException e) {
            throw new IllegalStateException("stored registry object is unreadable: " + e, e);
        }
    }

    /** {@link StoredRimReader} first; JAXB when the stored form holds something that reader does not know. */
    private static ExtrinsicObjectType extrinsicObject(XMLStreamReader reader, String xml, byte[] utf8) throws XMLStreamException {
        try {
            return StoredRimReader.extrinsicObject(reader);
        } catch (StoredRimReader.Unsupported | XMLStreamException e) {
            return xml != null ? unmarshal(xml, ExtrinsicObjectType.class) : unmarshal(utf8, ExtrinsicObjectType.class);
        } finally {
            reader.close();
        }
    }

    /** @param stored as {@link #readExtrinsicObject} gives it (extra metadata aside) */
    DocumentEntry documentEntry(ExtrinsicObjectType stored) {
        return documentEntries.fromEbXML(new EbXMLExtrinsicObject30(stored, factory.createObjectLibrary()));
    }

    String write(SubmissionSet set) {
        EbXMLRegistryPackage30 rp = (EbXMLRegistryPackage30) submissionSets.toEbXML(set, factory.createObjectLibrary());
        return write(slotsFromExtra(rp.getInternal()));
    }

    SubmissionSet readSubmissionSet(byte[] utf8) {
        RegistryPackageType stored = unmarshal(utf8, RegistryPackageType.class);
        return submissionSets.fromEbXML(new EbXMLRegistryPackage30(extraFromSlots(stored), factory.createObjectLibrary()));
    }

    String write(Folder folder) {
        EbXMLRegistryPackage30 rp = (EbXMLRegistryPackage30) folders.toEbXML(folder, factory.createObjectLibrary());
        return write(slotsFromExtra(rp.getInternal()));
    }

    Folder readFolder(byte[] utf8) {
        RegistryPackageType stored = unmarshal(utf8, RegistryPackageType.class);
        return folders.fromEbXML(new EbXMLRegistryPackage30(extraFromSlots(stored), factory.createObjectLibrary()));
    }

    String write(Association association) {
        EbXMLAssociation30 a = (EbXMLAssociation30) associations.toEbXML(association, factory.createObjectLibrary());
        AssociationType1 stored = slotsFromExtra(a.getInternal());
        try {
            return StoredRimWriter.association(stored);
        } catch (StoredRimWriter.Unsupported e) {
            return marshal(EbXMLFactory30.RIM_FACTORY.createAssociation(stored));
        }
    }

    private static String write(RegistryPackageType stored) {
        try {
            return StoredRimWriter.registryPackage(stored);
        } catch (StoredRimWriter.Unsupported e) {
            return marshal(EbXMLFactory30.RIM_FACTORY.createRegistryPackage(stored));
        }
    }

    Association readAssociation(byte[] utf8) {
        AssociationType1 stored = unmarshal(utf8, AssociationType1.class);
        return associations.fromEbXML(new EbXMLAssociation30(extraFromSlots(stored), factory.createObjectLibrary()));
    }

    /**
     * IPF keeps extra metadata beside the JAXB slots (its CXF interceptors write them on the wire), so JAXB alone would
     * drop them: they are stored as slots whose names carry {@link #EXTRA_PREFIX}, and moved back when read.
     */
    static final String EXTRA_PREFIX = "passerelle-extra:";

    private static <T extends IdentifiableType & ExtraMetadataHolder> T slotsFromExtra(T type) {
        Map<String, List<String>> extra = type.getExtraMetadata();
        if (extra != null) {
            for (Map.Entry<String, List<String>> e : extra.entrySet()) {
                SlotType1 slot = new SlotType1();
                slot.setName(EXTRA_PREFIX + e.getKey());
                ValueListType values = new ValueListType();
                if (e.getValue() != null) values.getValue().addAll(e.getValue());
                slot.setValueList(values);
                type.getSlot().add(slot);
            }
        }
        return type;
    }

    private static <T extends IdentifiableType & ExtraMetadataHolder> T extraFromSlots(T type) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Iterator<SlotType1> it = type.getSlot().iterator(); it.hasNext(); ) {
            SlotType1 slot = it.next();
            if (slot.getName() != null && slot.getName().startsWith(EXTRA_PREFIX)) {
                extra.put(slot.getName().substring(EXTRA_PREFIX.length()),
                        slot.getValueList() == null ? new ArrayList<>() : new ArrayList<>(slot.getValueList().getValue()));
                it.remove();
            }
        }
        if (!extra.isEmpty()) type.setExtraMetadata(extra);
        return type;
    }

    /** JAXB's own serialization of the stored form, which {@link StoredRimWriter} reproduces (kept for the fallback and the tests). */
    static String marshal(JAXBElement<?> element) {
        try {
            Marshaller m = MARSHALLER.get();
            StringWriter w = new StringWriter(2048);
            m.marshal(element, w);
            return w.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot serialize registry object: " + e, e);
        }
    }

    private static <T> T unmarshal(String xml, Class<T> type) {
        try {
            return unmarshal(INPUT.createXMLStreamReader(new StringReader(xml)), type);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("stored registry object is unreadable: " + e, e);
        }
    }

    private static <T> T unmarshal(byte[] utf8, Class<T> type) {
        try {
            return unmarshal(INPUT.createXMLStreamReader(new ByteArrayInputStream(utf8), "UTF-8"), type);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("stored registry object is unreadable: " + e, e);
        }
    }

    private static <T> T unmarshal(XMLStreamReader reader, Class<T> type) {
        try {
            try {
                return UNMARSHALLER.get().unmarshal(reader, type).getValue();
            } finally {
                reader.close();
            }
        } catch (JAXBException | XMLStreamException e) {
            throw new IllegalStateException("stored registry object is unreadable: " + e, e);
        }
    }
}
