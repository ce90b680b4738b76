package org.passerelle.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.passerelle.testsupport.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.registry.Fixtures.*;

/**
 * The stored XML is handed to the parser as the database's UTF-8 bytes on PostgreSQL and as a String on H2: both must
 * give back exactly what was registered, non-ASCII and supplementary characters and extra metadata included.
 */
class StoredXmlEncodingTest {
    private static final String TITLE = "Échographie – compte rendu ™ 𝄞 (ü, ß, œ)";
    private static final String FACILITY = "Etablissement public de santé";

    private static DocumentEntry unusual(String id) {
        DocumentEntry de = entry(id, PATIENT);
        de.setTitle(new LocalizedString(TITLE));
        de.setHealthcareFacilityTypeCode(code("SA01", FACILITY, "1.2.250.1.71.4.2.4"));
        de.setExtraMetadata(Map.of("urn:passerelle:test", List.of("valeur accentuée")));
        return de;
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void leafClassGivesBackWhatWasRegistered(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            XdsStore store = XdsStore.open(db.dataSource(), RegistryConfig.ihe(REPO));
            store.patients().register(PATIENT, null);
            DocumentEntry de = unusual("Document01");
            assertSuccess(store.register(register(PATIENT, de)));

            GetDocumentsQuery q = new GetDocumentsQuery();
            q.setUuids(List.of(de.getEntryUuid()));
            QueryResponse r = store.query(leaf(q));
            assertSuccess(r);
            DocumentEntry back = r.getDocumentEntries().get(0);
            assertEquals(TITLE, back.getTitle().getValue());
            assertEquals(FACILITY, back.getHealthcareFacilityTypeCode().getDisplayName().getValue());
            assertEquals(List.of("valeur accentuée"), back.getExtraMetadata().get("urn:passerelle:test"));
            assertEquals(de.getUniqueId(), back.getUniqueId());

            // ObjectRef does not read the stored XML at all, and still finds the entry
            QueryResponse refs = store.query(new QueryRegistry(q, QueryReturnType.OBJECT_REF));
            assertSuccess(refs);
            assertEquals(List.of(de.getEntryUuid()), refs.getReferences().stream().map(ObjectReference::getId).toList());
            assertTrue(refs.getDocumentEntries().isEmpty());
        }
    }

    @Test
    void bytesAndStringReadTheSame() {
        MetadataCodec codec = new MetadataCodec();
        DocumentEntry de = unusual("urn:uuid:8a1e3cbe-3c6a-4a4e-9d55-0f7c6d2c1e11");
        String xml = codec.write(de);
        DocumentEntry fromString = codec.readDocumentEntry(xml);
        DocumentEntry fromBytes = codec.readDocumentEntry(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(fromString, fromBytes);
        assertEquals(TITLE, fromBytes.getTitle().getValue());
    }

    @Test
    void aDoctypeInStoredBytesIsRefused() {
        MetadataCodec codec = new MetadataCodec();
        byte[] hostile = ("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ExtrinsicObject xmlns=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\" id=\"&e;\"/>").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> codec.readDocumentEntry(hostile));
    }
}
