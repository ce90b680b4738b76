package org.passerelle.registry;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Real IPF model objects for the tests: a valid submission set, entries, folders, associations, documents. */
final class Fixtures {
    private Fixtures() {}

    static final String REPO = "1.2.250.1.999.1.1.7898.9";
    static final String PATIENT = "P1^^^&1.2.3.4.5&ISO";
    static final String OTHER_PATIENT = "P2^^^&1.2.3.4.5&ISO";
    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000);

    static String oid() {
        return "1.2.250.1.999.1.1.7898.4." + COUNTER.incrementAndGet();
    }

    static Code code(String code, String display, String scheme) {
        return new Code(code, new LocalizedString(display), scheme);
    }

    static Author author(String xcn) {
        Author a = new Author();
        a.setAuthorPerson(Person.parse(xcn));
        return a;
    }

    static SubmissionSet submissionSet(String patient) {
        SubmissionSet ss = new SubmissionSet();
        ss.setEntryUuid("SubmissionSet01");
        ss.setUniqueId(oid());
        ss.setSourceId("1.2.250.1.999.1.1.7898");
        ss.setPatientId(Identifiable.parse(patient));
        ss.setSubmissionTime("20261123090000");
        ss.setTitle(new LocalizedString("Soumission"));
        ss.setContentTypeCode(code("04", "Hospitalisation de jour", "1.2.250.1.213.2.2"));
        ss.getAuthors().add(author("801234567890^DUPONT^JEAN^^^^^^&1.2.250.1.71.4.2.1&ISO"));
        return ss;
    }

    static DocumentEntry entry(String id, String patient) {
        DocumentEntry de = new DocumentEntry();
        de.setEntryUuid(id);
        de.setLogicalUuid(null);
        de.setUniqueId(oid());
        de.setPatientId(Identifiable.parse(patient));
        de.setSourcePatientId(Identifiable.parse("0456789999^^^&1.2.250.1.999.1.1.7898.2&ISO"));
        de.setClassCode(code("10", "Compte rendu", "1.2.250.1.213.1.1.4.1"));
        de.setTypeCode(code("11488-4", "CR de consultation", "2.16.840.1.113883.6.1"));
        de.setFormatCode(code("urn:ihe:iti:xds-sd:text:2008", "Texte", "1.3.6.1.4.1.19376.1.2.3"));
        de.setHealthcareFacilityTypeCode(code("SA01", "Etablissement public de santé", "1.2.250.1.71.4.2.4"));
        de.setPracticeSettingCode(code("ETABLISSEMENT", "Etablissement de santé", "1.2.250.1.213.1.1.4.9"));
        de.getConfidentialityCodes().add(code("N", "Normal", "2.16.840.1.113883.5.25"));
        de.setCreationTime("20260319183244");
        de.setServiceStartTime("20260319100000");
        de.setServiceStopTime("20260319110000");
        de.setLanguageCode("fr-FR");
        de.setMimeType("text/plain");
        de.setTitle(new LocalizedString("Compte rendu " + id));
        de.getAuthors().add(author("801234567890^DUPONT^JEAN^^^^^^&1.2.250.1.71.4.2.1&ISO"));
        return de;
    }

    static Folder folder(String id, String patient) {
        Folder f = new Folder();
        f.setEntryUuid(id);
        f.setUniqueId(oid());
        f.setPatientId(Identifiable.parse(patient));
        f.setTitle(new LocalizedString("Dossier " + id));
        f.getCodeList().add(code("Cardiology", "Cardiology", "1.3.6.1.4.1.21367.100.1"));
        return f;
    }

    static Association member(String id, String source, String target) {
        Association a = new Association(AssociationType.HAS_MEMBER, id, source, target);
        a.setLabel(AssociationLabel.ORIGINAL);
        return a;
    }

    static Association assoc(AssociationType type, String id, String source, String target) {
        return new Association(type, id, source, target);
    }

    /** ITI-42 with one document entry per id, each a member of the submission set. */
    static RegisterDocumentSet register(String patient, DocumentEntry... entries) {
        RegisterDocumentSet r = new RegisterDocumentSet();
        r.setSubmissionSet(submissionSet(patient));
        int i = 0;
        for (DocumentEntry de : entries) {
            r.getDocumentEntries().add(de);
            r.getAssociations().add(member("ss-member-" + (i++), "SubmissionSet01", de.getEntryUuid()));
        }
        return r;
    }

    static ProvideAndRegisterDocumentSet provide(String patient, DocumentEntry de, byte[] content) {
        ProvideAndRegisterDocumentSet r = new ProvideAndRegisterDocumentSet();
        r.setSubmissionSet(submissionSet(patient));
        r.getDocuments().add(new Document(de, new DataHandler(bytes(content, de.getMimeType()))));
        r.getAssociations().add(member("ss-member-0", "SubmissionSet01", de.getEntryUuid()));
        return r;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static DataSource bytes(byte[] content, String mime) {
        return stream(() -> new ByteArrayInputStream(content), mime);
    }

    interface StreamSupplier {
        InputStream open() throws IOException;
    }

    static DataSource stream(StreamSupplier supplier, String mime) {
        return new DataSource() {
            @Override public InputStream getInputStream() throws IOException { return supplier.open(); }
            @Override public OutputStream getOutputStream() throws IOException { throw new IOException("read-only"); }
            @Override public String getContentType() { return mime; }
            @Override public String getName() { return "test"; }
        };
    }

    static QueryRegistry leaf(Query q) {
        return new QueryRegistry(q, QueryReturnType.LEAF_CLASS);
    }

    static void assertSuccess(Response r) {
        if (r.getStatus() != Status.SUCCESS) fail("expected Success, got " + r.getStatus() + ": " + describe(r));
    }

    static void assertFailure(Response r, ErrorCode code) {
        assertEquals(Status.FAILURE, r.getStatus(), () -> "expected Failure " + code + ", got " + r.getStatus());
        assertTrue(r.getErrors().stream().anyMatch(e -> e.getErrorCode() == code),
                () -> "expected " + code + " among " + describe(r));
        assertTrue(r.getErrors().stream().allMatch(e -> e.getCodeContext() != null && !e.getCodeContext().isBlank()));
    }

    static String describe(Response r) {
        return r.getErrors().stream().map(e -> e.getErrorCode() + " [" + e.getCodeContext() + "]")
                .collect(Collectors.joining("; "));
    }
}
