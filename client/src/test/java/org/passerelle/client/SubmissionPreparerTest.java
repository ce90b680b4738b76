package org.passerelle.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.cda.validation.CdaValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SubmissionPreparerTest {

    @Test
    void n1ReportGivesTheFrenchMetadataXml() throws Exception {
        ProvideAndRegisterDocumentSet r = new SubmissionPreparer(null).prepare(
                List.of(ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml")),
                SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
        assertEquals(1, r.getDocuments().size());
        String xml = SubmissionPreparer.metadataXml(r);
        assertTrue(xml.contains("value=\"279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;ISO^NH\""), xml);
        assertTrue(xml.contains("urn:ihe:iti:xds-sd:pdf:2008"), xml);
        assertTrue(xml.contains("IDNST"), xml);
        assertTrue(xml.contains("identificationScheme=\"urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832\" value=\"1.2.250.1.999.1.1.7898\""), xml);
        assertTrue(xml.contains("20210104150527"), "creationTime in UTC: " + xml);
    }

    @Test
    void anInvalidCdaIsStoppedBeforeSendingWithItsFirstError(@TempDir Path dir) throws Exception {
        String cda = Files.readString(ClientTestFiles.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"));
        // drop the document id: the header is no longer valid
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, cda.replaceFirst("<id root=\"1.2.250.1.213.1.1.1.55.2021.3.1\"/>", ""));
        ClientException e = assertThrows(ClientException.class, () -> new SubmissionPreparer(CdaValidator.embeddedDefault())
                .prepare(List.of(broken), SubmissionOptions.of("1.2.3")));
        assertEquals(ClientFailure.CDA_INVALID, e.failure());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("broken.xml"), e.getMessage());
    }

    @Test
    void notXmlIsAMetadataErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("scan.pdf");
        Files.write(f, new byte[]{'%', 'P', 'D', 'F', '-', '1'});
        ClientException e = assertThrows(ClientException.class,
                () -> new SubmissionPreparer(null).prepare(List.of(f), SubmissionOptions.of("1.2.3")));
        assertEquals(ClientFailure.CDA_METADATA, e.failure());
        assertTrue(e.getMessage().contains("scan.pdf"), e.getMessage());
    }
}
