package org.passerelle.gateway.bench;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchMetadataBuilder;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's documents: the CDA rewritten per patient (a valid INS-NIR test matricule each, in the CDA and hence in
 * the metadata), submission {@code i} going to patient {@code i mod patients} with a fresh uniqueId.
 */
public final class BenchDocuments {
    static final String SOURCE_ID = "1.2.250.1.999.1.1.7898";

    private final FrenchSubmission fs = new FrenchSubmission();
    private final FrenchMetadataBuilder metadata = new FrenchMetadataBuilder();
    private final String name;
    /** Each patient's CDA, its header read once: the load generator shares the cores with the gateway. */
    private final List<CdaDocument> perPatient = new ArrayList<>();

    public BenchDocuments(Path file, int patients) throws Exception {
        name = file.getFileName().toString();
        byte[] template = Files.readAllBytes(file);
        CdaDocument d = fs.document(name, template, MetadataOverrides.NONE);
        String ins = d.entry().getPatientId().getId();
        String text = new String(template, StandardCharsets.UTF_8);
        for (int k = 0; k < patients; k++) {
            perPatient.add(fs.document(name, text.replace(ins, nir(k)).getBytes(StandardCharsets.UTF_8),
                    MetadataOverrides.NONE));
        }
    }

    public int patients() {
        return perPatient.size();
    }

    public static int patientOf(int submission, int patients) {
        return Math.floorMod(submission, patients);
    }

    /** Patient {@code k}'s CDA, as submitted (and as a retrieve must give it back). */
    public byte[] content(int patient) {
        return perPatient.get(patient).content();
    }

    public Identifiable patientId(int patient) {
        return perPatient.get(patient).entry().getPatientId();
    }

    /** Submission {@code i}: one document of patient {@code i mod patients}, fresh entryUUIDs and uniqueIds. */
    public ProvideAndRegisterDocumentSet submission(int i) throws Exception {
        CdaDocument template = perPatient.get(patientOf(i, perPatient.size()));
        DocumentEntry entry = metadata.build(template.header(), MetadataOverrides.NONE);
        entry.setMimeType(template.entry().getMimeType());
        entry.setUniqueId(FrenchSubmission.newOid());
        CdaDocument d = new CdaDocument(name, template.content(), template.header(), entry);
        return fs.build(List.of(d), SubmissionOptions.of(SOURCE_ID));
    }

    /** A 13-digit NIR body and its key (97 - body mod 97). */
    static String nir(int k) {
        long body = 1_850_775_000_000L + k;
        long key = 97 - (body % 97);
        return body + String.format("%02d", key);
    }
}
