package org.passerelle.gateway.access;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.passerelle.access.DocumentFacts;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.CdaMetadataException;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.registry.StoredDocumentEntry;
import org.passerelle.testsupport.SharedFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DmpAccessPolicy} says it reads only the access facts of ITI-18 entries, so the endpoint hands it
 * {@link StoredDocumentEntry#accessView()}s: the facts the rules get from such a view must be those of the full entry,
 * for every French entry the CI-SIS examples give (authors with institutions, confidentiality codes, INS patients).
 */
class AccessFactsViewTest {

    @Test
    void theRulesSeeTheSameFactsInTheViewAsInTheFullEntry() throws Exception {
        FrenchSubmission fs = new FrenchSubmission();
        List<Path> examples;
        try (Stream<Path> files = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            examples = files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        int compared = 0;
        for (Path example : examples) {
            List<Document> documents;
            try {
                CdaDocument doc = fs.document(example, MetadataOverrides.NONE);
                documents = fs.build(List.of(doc), SubmissionOptions.of("1.2.250.1.999.1.1.7898")).getDocuments();
            } catch (CdaMetadataException noFrenchMetadataForThisExample) {
                continue;
            }
            for (Document d : documents) {
                DocumentEntry full = d.getDocumentEntry();
                full.setEntryUuid("urn:uuid:" + UUID.randomUUID());
                full.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                DocumentEntry view = StoredDocumentEntry.of(full).accessView();
                DocumentFacts expected = DocumentFactsOf.of(full, null);
                assertEquals(expected, DocumentFactsOf.of(view, null), example.getFileName().toString());
                assertEquals(DocumentFactsOf.of(full, "urn:asip:ci-sis:2010:StatusType:Archived"),
                        DocumentFactsOf.of(view, "urn:asip:ci-sis:2010:StatusType:Archived"));
                assertEquals(full.getEntryUuid(), view.getEntryUuid());
                assertEquals(full.getTypeCode(), view.getTypeCode());
                assertTrue(!expected.authorPersonIds().isEmpty() || !expected.authorInstitutionIds().isEmpty(),
                        example + ": an entry without author facts proves little");
                compared++;
            }
        }
        assertTrue(compared >= 50, "entries compared: " + compared);
    }
}
