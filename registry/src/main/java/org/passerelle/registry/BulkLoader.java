package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Fast batched load of synthetic, already-valid document entries (one submission set per patient), bypassing the
 * per-submission checks. For benchmarks and load tests only: it writes the same rows a registration would.
 */
public final class BulkLoader {
    private static final int BATCH = 1000;

    private final DataSource ds;
    private final MetadataCodec codec = new MetadataCodec();

    public BulkLoader(DataSource ds) {
        this.ds = ds;
    }

    /** The patient id used for synthetic patient {@code n} (an INS-NIR test id). */
    private static final String PATIENT_TEMPLATE = String.format("B%014d", 0);

    public static String patientId(int n) {
        return String.format("B%014d^^^&1.2.250.1.213.1.4.10&ISO", n);
    }

    /**
     * A valid test INS (NIR under the test authority, with its control key) for synthetic patient {@code n}, for runs
     * with the DMP access rules on: they refuse {@link #patientId}'s ids (R-70, not a NIR).
     */
    public static String insPatientId(int n) {
        long body = 1_990_199_000_000L + n;
        return body + String.format("%02d^^^&1.2.250.1.213.1.4.10&ISO", 97 - body % 97);
    }

    /**
     * Inserts {@code count} Approved stable document entries, {@code perPatient} per patient (patients 0..), with the
     * codes FindDocuments filters on, a submission set per patient and its HasMember associations.
     *
     * @return the number of patients
     */
    public int loadDocumentEntries(int count, int perPatient, IntConsumer progress) throws SQLException {
        return loadDocumentEntries(count, perPatient, BulkLoader::patientId, progress);
    }

    /**
     * As {@link #loadDocumentEntries(int, int, IntConsumer)} with patient {@code n}'s id given by {@code patientIds}
     * (e.g. {@link #insPatientId}): a 15-character matricule under the test authority 1.2.250.1.213.1.4.10.
     */
    public int loadDocumentEntries(int count, int perPatient, IntFunction<String> patientIds, IntConsumer progress)
            throws SQLException {
        DocumentEntry template = template();
        String templateXml = codec.write(template);
        String[] classes = {"10", "11", "45", "52"};
        String[] types = {"11488-4", "11502-2", "11490-0", "57833-6", "60591-5", "87273-9"};
        int patients = (count + perPatient - 1) / perPatient;
        long now = Instant.now().getEpochSecond();
        long base = System.currentTimeMillis() * 1000;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement obj = c.prepareStatement("INSERT INTO reg_object (entry_uuid, kind) VALUES (?, ?)");
                 PreparedStatement pat = c.prepareStatement("INSERT INTO reg_patient (patient_id, state, name, reason, created_at, updated_at) VALUES (?, 'ACTIVE', NULL, NULL, ?, ?)");
                 PreparedStatement de = c.prepareStatement("INSERT INTO reg_document_entry (entry_uuid, logical_uuid, version, "
                         + "unique_id, patient_id, status, entry_type, creation_time, service_start, service_stop, repository_uid, "
                         + "hash, doc_size, mime_type, registered_at, metadata) VALUES (?, ?, 1, ?, ?, ?, 'stable', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement code = c.prepareStatement("INSERT INTO reg_code (object_uuid, kind, code, scheme) VALUES (?, ?, ?, ?)");
                 PreparedStatement ss = c.prepareStatement("INSERT INTO reg_submission_set (entry_uuid, unique_id, patient_id, status, "
                         + "submission_time, source_id, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement assoc = c.prepareStatement("INSERT INTO reg_association (entry_uuid, assoc_type, source_uuid, "
                         + "target_uuid, status, registered_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                SubmissionSet setTemplate = setTemplate();
                String setXml = codec.write(setTemplate);
                Association assocTemplate = new Association(AssociationType.HAS_MEMBER, "urn:uuid:a", "urn:uuid:s", "urn:uuid:d");
                assocTemplate.setLabel(AssociationLabel.ORIGINAL);
                String assocXml = codec.write(assocTemplate);
                int done = 0;
                for (int p = 0; p < patients && done < count; p++) {
                    String patient = patientIds.apply(p);
                    String patientNumber = patient.substring(0, patient.indexOf('^'));
                    if (patientNumber.length() != PATIENT_TEMPLATE.length()
                            || !patient.substring(patientNumber.length()).equals(patientId(0).substring(PATIENT_TEMPLATE.length()))) {
                        throw new IllegalArgumentException("synthetic patient id " + patient
                                + " is not a 15-character matricule under 1.2.250.1.213.1.4.10");
                    }
                    pat.setString(1, patient);
                    pat.setLong(2, now);
                    pat.setLong(3, now);
                    pat.addBatch();
                    String ssUuid = "urn:uuid:" + UUID.randomUUID();
                    String ssUid = "1.2.250.1.999.1.1.7898.5." + System.nanoTime() + "." + p;
                    addObject(obj, ssUuid, ObjectInfo.SUBMISSION_SET);
                    ss.setString(1, ssUuid);
                    ss.setString(2, ssUid);
                    ss.setString(3, patient);
                    ss.setString(4, Statuses.APPROVED);
                    ss.setLong(5, now);
                    ss.setString(6, "1.2.250.1.999.1.1.7898");
                    ss.setLong(7, base + done);
                    ss.setString(8, setXml.replace(setTemplate.getEntryUuid(), ssUuid).replace(setTemplate.getUniqueId(), ssUid)
                            .replace(PATIENT_TEMPLATE, patientNumber));
                    ss.addBatch();
                    for (int k = 0; k < perPatient && done < count; k++, done++) {
                        String uuid = "urn:uuid:" + UUID.randomUUID();
                        String uid = "1.2.250.1.999.1.1.7898.4." + done;
                        long created = now - (done % 3650) * 86_400L;
                        addObject(obj, uuid, ObjectInfo.DOCUMENT_ENTRY);
                        de.setString(1, uuid);
                        de.setString(2, uuid);
                        de.setString(3, uid);
                        de.setString(4, patient);
                        de.setString(5, Statuses.APPROVED);
                        de.setLong(6, created);
                        de.setLong(7, created);
                        de.setLong(8, created + 3600);
                        de.setString(9, "1.2.250.1.999.1.1.7898.9");
                        de.setString(10, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
                        de.setLong(11, 0);
                        de.setString(12, "text/xml");
                        de.setLong(13, base + done);
                        de.setString(14, templateXml.replace(template.getEntryUuid(), uuid).replace(template.getUniqueId(), uid)
                                .replace(PATIENT_TEMPLATE, patientNumber));
                        de.addBatch();
                        addCode(code, uuid, "class", classes[done % classes.length], "1.2.250.1.213.1.1.4.1");
                        addCode(code, uuid, "type", types[done % types.length], "2.16.840.1.113883.6.1");
                        addCode(code, uuid, "format", "urn:ihe:iti:xds-sd:text:2008", "1.3.6.1.4.1.19376.1.2.3");
                        addCode(code, uuid, "facility", "SA01", "1.2.250.1.71.4.2.4");
                        addCode(code, uuid, "practice", "ETABLISSEMENT", "1.2.250.1.213.1.1.4.9");
                        addCode(code, uuid, "conf", "N", "2.16.840.1.113883.5.25");
                        addCode(code, uuid, "author", "801234567890^DUPONT^JEAN^^^^^^&1.2.250.1.71.4.2.1&ISO", null);
                        String aUuid = "urn:uuid:" + UUID.randomUUID();
                        addObject(obj, aUuid, ObjectInfo.ASSOCIATION);
                        assoc.setString(1, aUuid);
                        assoc.setString(2, AssociationType.HAS_MEMBER.getOpcode30());
                        assoc.setString(3, ssUuid);
                        assoc.setString(4, uuid);
                        assoc.setString(5, Statuses.APPROVED);
                        assoc.setLong(6, base + done);
                        assoc.setString(7, assocXml.replace("urn:uuid:a\"", aUuid + "\"").replace("urn:uuid:s\"", ssUuid + "\"")
                                .replace("urn:uuid:d\"", uuid + "\""));
                        assoc.addBatch();
                        if ((done + 1) % BATCH == 0) {
                            for (PreparedStatement ps : List.of(pat, obj, ss, de, code, assoc)) ps.executeBatch();
                            c.commit();
                            if (progress != null) progress.accept(done + 1);
                        }
                    }
                }
                for (PreparedStatement ps : List.of(pat, obj, ss, de, code, assoc)) ps.executeBatch();
                c.commit();
                if (progress != null) progress.accept(done);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return patients;
    }

    private static void addObject(PreparedStatement ps, String uuid, String kind) throws SQLException {
        ps.setString(1, uuid);
        ps.setString(2, kind);
        ps.addBatch();
    }

    private static void addCode(PreparedStatement ps, String uuid, String kind, String code, String scheme) throws SQLException {
        ps.setString(1, uuid);
        ps.setString(2, kind);
        ps.setString(3, code);
        ps.setString(4, scheme);
        ps.addBatch();
    }

    private static Code code(String code, String display, String scheme) {
        return new Code(code, new LocalizedString(display), scheme);
    }

    static DocumentEntry template() {
        DocumentEntry de = new DocumentEntry();
        de.setEntryUuid("urn:uuid:00000000-0000-0000-0000-00000000000d");
        de.setLogicalUuid(de.getEntryUuid());
        de.setVersion(new Version("1"));
        de.setUniqueId("9.9.9.9.9.9.9");
        de.setPatientId(Identifiable.parse(patientId(0)));
        de.setSourcePatientId(Identifiable.parse("0456789999^^^&1.2.250.1.999.1.1.7898.2&ISO"));
        de.setClassCode(code("10", "Compte rendu", "1.2.250.1.213.1.1.4.1"));
        de.setTypeCode(code("11488-4", "CR de consultation", "2.16.840.1.113883.6.1"));
        de.setFormatCode(code("urn:ihe:iti:xds-sd:text:2008", "Texte", "1.3.6.1.4.1.19376.1.2.3"));
        de.setHealthcareFacilityTypeCode(code("SA01", "Etablissement public de santé", "1.2.250.1.71.4.2.4"));
        de.setPracticeSettingCode(code("ETABLISSEMENT", "Etablissement de santé", "1.2.250.1.213.1.1.4.9"));
        de.getConfidentialityCodes().add(code("N", "Normal", "2.16.840.1.113883.5.25"));
        de.setCreationTime("20260319183244");
        de.setServiceStartTime("20260319100000");
        de.setLanguageCode("fr-FR");
        de.setMimeType("text/xml");
        de.setTitle(new LocalizedString("Compte rendu"));
        de.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        de.setSize(0L);
        de.setRepositoryUniqueId("1.2.250.1.999.1.1.7898.9");
        de.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        Author a = new Author();
        a.setAuthorPerson(Person.parse("801234567890^DUPONT^JEAN^^^^^^&1.2.250.1.71.4.2.1&ISO"));
        de.getAuthors().add(a);
        de.setLegalAuthenticator(Person.parse("801234567890^DUPONT^JEAN^^^^^^&1.2.250.1.71.4.2.1&ISO"));
        return de;
    }

    private static SubmissionSet setTemplate() {
        SubmissionSet ss = new SubmissionSet();
        ss.setEntryUuid("urn:uuid:00000000-0000-0000-0000-00000000000s");
        ss.setUniqueId("9.9.9.9.9.9.8");
        ss.setSourceId("1.2.250.1.999.1.1.7898");
        ss.setPatientId(Identifiable.parse(patientId(0)));
        ss.setSubmissionTime("20261123090000");
        ss.setContentTypeCode(code("04", "Hospitalisation de jour", "1.2.250.1.213.2.2"));
        ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        return ss;
    }

    /** Synthetic documents of patient {@code n}, as the loader wrote them (helper for callers picking query targets). */
    public static List<String> patientIds(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(patientId(i));
        return out;
    }
}
