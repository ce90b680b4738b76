package org.passerelle.registry;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.passerelle.testsupport.TestDatabase;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.registry.Fixtures.*;

/**
 * {@link XdsStore#queryStored} answers on the wire exactly what {@link XdsStore#query} answers once IPF has written it
 * (the AdhocQueryResponse marshalled byte for byte, Classification / ExternalIdentifier ids aside: IPF makes new ones
 * on each write, the stored form keeps the registered ones), its IPF form is the same, and the access facts are the
 * IPF entry's; and the stored-form reader gives what JAXB gives.
 */
class StoredQueryFormTest {
    private static final JAXBContext JAXB;

    static {
        try {
            JAXB = JAXBContext.newInstance(AdhocQueryResponse.class,
                    org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ObjectFactory.class);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final QueryResponseTransformer transformer = new QueryResponseTransformer(new EbXMLFactory30());

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void storedFormIsWhatIpfWritesForEveryKindOfEntry(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            // an entry with extra metadata, event codes, two authors, accented title
            DocumentEntry rich = entry("Document01", PATIENT);
            rich.setTitle(new LocalizedString("Échographie – compte rendu ™ 𝄞 (ü, ß, œ) <&>"));
            rich.setExtraMetadata(Map.of("urn:example:extra", List.of("one", "two")));
            rich.getEventCodeList().add(code("T-D4909", "Kidney", "SNM3"));
            rich.getAuthors().add(author("801234567891^MARTIN^PAUL^^^^^^&1.2.250.1.71.4.2.1&ISO"));
            rich.getAuthors().get(1).getAuthorInstitution().add(
                    org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based.parse("Hôpital^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^10B0000001",
                            org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization.class));
            rich.setComments(new LocalizedString("commentaire"));
            assertSuccess(store.provideAndRegister(provide(PATIENT, rich, text("cr"))));
            // a second version (ITI-57), masked
            DocumentEntry v1 = SubmissionTest.byUniqueId(store, rich.getUniqueId());
            assertSuccess(store.update(MetadataUpdateTest.newVersion(v1, "1", PATIENT)));
            // an archived entry (CI-SIS status: no IPF status, extra slot) and a deprecated one
            DocumentEntry archived = entry("Document02", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, archived, text("a"))));
            String archivedUuid = SubmissionTest.byUniqueId(store, archived.getUniqueId()).getEntryUuid();
            assertSuccess(store.update(MetadataUpdateTest.statusChange(archivedUuid, Statuses.APPROVED, Statuses.ARCHIVED)));
            DocumentEntry deprecated = entry("Document03", PATIENT);
            assertSuccess(store.provideAndRegister(provide(PATIENT, deprecated, text("d"))));
            String deprecatedUuid = SubmissionTest.byUniqueId(store, deprecated.getUniqueId()).getEntryUuid();
            assertSuccess(store.update(MetadataUpdateTest.statusChange(deprecatedUuid, Statuses.APPROVED, Statuses.DEPRECATED)));
            // a folder with a member, in a submission of its own
            RegisterDocumentSet withFolder = register(PATIENT, entry("Document04", PATIENT));
            withFolder.getFolders().add(folder("Folder01", PATIENT));
            withFolder.getAssociations().add(member("ss-folder", "SubmissionSet01", "Folder01"));
            withFolder.getAssociations().add(member("folder-doc", "Folder01", "Document04"));
            assertSuccess(store.register(withFolder));

            FindDocumentsQuery find = new FindDocumentsQuery();
            find.setPatientId(Identifiable.parse(PATIENT));
            find.setStatus(List.of(AvailabilityStatus.APPROVED, AvailabilityStatus.DEPRECATED));
            GetDocumentsQuery byUuid = new GetDocumentsQuery();
            byUuid.setUuids(List.of(archivedUuid, deprecatedUuid));
            GetAllQuery all = new GetAllQuery();
            all.setPatientId(Identifiable.parse(PATIENT));
            all.setStatusDocuments(List.of(AvailabilityStatus.APPROVED, AvailabilityStatus.DEPRECATED));
            all.setStatusSubmissionSets(List.of(AvailabilityStatus.APPROVED));
            all.setStatusFolders(List.of(AvailabilityStatus.APPROVED));
            GetSubmissionSetAndContentsQuery contents = new GetSubmissionSetAndContentsQuery();
            contents.setUniqueId(withFolder.getSubmissionSet().getUniqueId());

            int entries = 0;
            for (QueryRegistry q : List.of(leaf(find), leaf(byUuid), leaf(all), leaf(contents),
                    new QueryRegistry(find, QueryReturnType.OBJECT_REF))) {
                QueryResponse ipf = store.query(q);
                assertSuccess(ipf);
                StoredQueryResponse stored = store.queryStored(q);
                String expected = withoutGeneratedIds(marshal(transformer.toEbXML(ipf).getInternal()));
                String actual = withoutGeneratedIds(marshal(stored.toEbXML(transformer)));
                assertEquals(expected, actual, q.getQuery().getType() + " " + q.getReturnType());
                assertEquals(ipf, stored.toQueryResponse(), q.getQuery().getType() + " in the simple model");
                for (int i = 0; i < stored.documentEntries().size(); i++) {
                    assertSameFacts(ipf.getDocumentEntries().get(i), stored.documentEntries().get(i));
                    entries++;
                }
            }
            assertTrue(entries >= 10, "entries compared: " + entries);

            // the archived entry: no status attribute, its URN kept for the access rules
            StoredDocumentEntry a = store.queryStored(leaf(byUuid)).documentEntries().stream()
                    .filter(e -> e.entryUuid().equals(archivedUuid)).findFirst().orElseThrow();
            assertNull(a.ebXml().getStatus());
            assertNull(a.availabilityStatus());
            assertEquals(Statuses.ARCHIVED, a.status());

            // failures keep the same form
            assertEquals(store.query(null).getErrors().get(0).getCodeContext(), store.queryStored(null).errors().get(0).getCodeContext());
            assertEquals(store.query(null).getStatus(), store.queryStored(null).status());
        }
    }

    private static void assertSameFacts(DocumentEntry ipf, StoredDocumentEntry stored) {
        assertEquals(ipf.getEntryUuid(), stored.entryUuid());
        assertEquals(ipf.getUniqueId(), stored.uniqueId());
        assertEquals(ipf.getPatientId(), stored.patientId());
        assertEquals(ipf.getTypeCode(), stored.typeCode());
        assertEquals(ipf.getConfidentialityCodes(), stored.confidentialityCodes());
        assertEquals(ipf.getAuthors(), stored.authors());
        assertEquals(ipf.getAvailabilityStatus(), stored.availabilityStatus());
        DocumentEntry view = stored.accessView();
        assertEquals(ipf.getEntryUuid(), view.getEntryUuid());
        assertEquals(ipf.getLogicalUuid(), view.getLogicalUuid());
        assertEquals(ipf.getVersion(), view.getVersion());
        assertEquals(ipf.getHomeCommunityId(), view.getHomeCommunityId());
        assertEquals(ipf.getUniqueId(), view.getUniqueId());
        assertEquals(ipf.getPatientId(), view.getPatientId());
        assertEquals(ipf.getAvailabilityStatus(), view.getAvailabilityStatus());
        assertEquals(ipf.getMimeType(), view.getMimeType());
        assertEquals(ipf.getTypeCode(), view.getTypeCode());
        assertEquals(ipf.getConfidentialityCodes(), view.getConfidentialityCodes());
        assertEquals(ipf.getAuthors(), view.getAuthors());
        assertEquals(ipf.getExtraMetadata(), view.getExtraMetadata());
    }

    /** Every stored DocumentEntry of the database, read by {@link StoredRimReader}, is what JAXB reads. */
    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void storedFormReaderReadsWhatJaxbReads(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = SubmissionTest.open(db);
            DocumentEntry de = entry("Document01", PATIENT);
            de.setExtraMetadata(Map.of("urn:example:extra", List.of("one")));
            de.setComments(new LocalizedString("Ça & <là>", "fr-FR", "UTF-8"));
            assertSuccess(store.provideAndRegister(provide(PATIENT, de, text("cr"))));
            assertSuccess(store.register(register(PATIENT, entry("Document02", PATIENT), entry("Document03", PATIENT))));
            List<String> stored = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT metadata FROM reg_document_entry")) {
                while (rs.next()) stored.add(rs.getString(1));
            }
            assertEquals(3, stored.size());
            for (String xml : stored) assertReadsLikeJaxb(xml);
        }
    }

    @Test
    void formsTheReaderDoesNotKnowAreReadByJaxb() throws Exception {
        MetadataCodec codec = new MetadataCodec();
        String xml = codec.write(entry("urn:uuid:8a1e3cbe-3c6a-4a4e-9d55-0f7c6d2c1e11", PATIENT));
        // an element and an attribute outside the subset the codec writes, and whitespace between elements
        String unusual = xml.replace("<VersionInfo ", "<ContentVersionInfo versionName=\"3\"/><VersionInfo comment=\"c\" ")
                .replace("<Slot name=\"hash\"", "\n  <Slot name=\"hash\"")
                .replaceFirst("<ExtrinsicObject ", "<ExtrinsicObject isOpaque=\"true\" ");
        assertNotEquals(xml, unusual);
        assertReadsLikeJaxb(unusual);
        String foreign = xml.replace("<VersionInfo ", "<x:Other xmlns:x=\"urn:example\"/><VersionInfo ");
        ExtrinsicObjectType viaJaxb = codec.readExtrinsicObject(foreign);
        assertEquals(marshal(jaxb(xml)), marshal(viaJaxb), "an unknown element is skipped as JAXB skips it");
        assertThrows(IllegalStateException.class, () -> codec.readExtrinsicObject("<ExtrinsicObject"));
    }

    private static void assertReadsLikeJaxb(String xml) throws Exception {
        MetadataCodec codec = new MetadataCodec();
        String expected = marshal(jaxbWithExtra(xml));
        assertEquals(expected, marshal(codec.readExtrinsicObject(xml)));
        assertEquals(expected, marshal(codec.readExtrinsicObject(xml.getBytes(StandardCharsets.UTF_8))));
        ExtrinsicObjectType fast = codec.readExtrinsicObject(xml);
        assertEquals(jaxbWithExtra(xml).getExtraMetadata(), fast.getExtraMetadata());
        assertFalse(xml.isEmpty());
    }

    private static ExtrinsicObjectType jaxb(String xml) throws Exception {
        return JAXB.createUnmarshaller().unmarshal(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml)),
                ExtrinsicObjectType.class).getValue();
    }

    /** JAXB's reading, extra metadata slots moved aside as the codec does. */
    private static ExtrinsicObjectType jaxbWithExtra(String xml) throws Exception {
        ExtrinsicObjectType eo = jaxb(xml);
        Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
        eo.getSlot().removeIf(s -> {
            if (!s.getName().startsWith(MetadataCodec.EXTRA_PREFIX)) return false;
            extra.put(s.getName().substring(MetadataCodec.EXTRA_PREFIX.length()), new ArrayList<>(s.getValueList().getValue()));
            return true;
        });
        if (!extra.isEmpty()) eo.setExtraMetadata(extra);
        return eo;
    }

    private static String marshal(Object o) throws Exception {
        Marshaller m = JAXB.createMarshaller();
        m.setProperty(Marshaller.JAXB_FRAGMENT, true);
        StringWriter w = new StringWriter();
        Object element = o instanceof ExtrinsicObjectType eo ? EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(eo) : o;
        m.marshal(element instanceof JAXBElement<?> || element instanceof AdhocQueryResponse ? element : o, w);
        return w.toString();
    }

    /** Classification and ExternalIdentifier ids: new random ones each time IPF writes an object. */
    private static String withoutGeneratedIds(String xml) {
        return xml.replaceAll("(<(?:\\w+:)?(?:Classification|ExternalIdentifier)\\b[^>]*?) id=\"[^\"]*\"", "$1");
    }
}
