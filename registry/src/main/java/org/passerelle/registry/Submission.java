package org.passerelle.registry;

import jakarta.activation.DataHandler;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ITI-41/42/57 submission, as the store processes it: IPF metadata plus, for ITI-41, each entry's content.
 * The lists are copies; the metadata objects themselves are those of the request and get their final ids assigned.
 */
record Submission(SubmissionSet set, List<DocumentEntry> entries, List<Folder> folders, List<Association> associations,
                  Map<DocumentEntry, DataHandler> contents, boolean provide) {

    static Submission of(RegisterDocumentSet r) {
        return new Submission(r.getSubmissionSet(), nonNull(r.getDocumentEntries()), nonNull(r.getFolders()),
                nonNull(r.getAssociations()), new IdentityHashMap<>(), false);
    }

    /** @throws RegistryException XDSMissingDocumentMetadata when a document comes without its DocumentEntry */
    static Submission of(ProvideAndRegisterDocumentSet r) {
        List<DocumentEntry> entries = new ArrayList<>();
        Map<DocumentEntry, DataHandler> contents = new IdentityHashMap<>();
        for (Document d : nonNull(r.getDocuments())) {
            if (d == null) continue;
            if (d.getDocumentEntry() == null) {
                String name = d.getDataHandler() == null ? "unnamed" : String.valueOf(d.getDataHandler().getName());
                throw RegistryFailure.MISSING_METADATA.exception(null, name);
            }
            entries.add(d.getDocumentEntry());
            if (d.getDataHandler() != null) contents.put(d.getDocumentEntry(), d.getDataHandler());
        }
        return new Submission(r.getSubmissionSet(), entries, nonNull(r.getFolders()), nonNull(r.getAssociations()),
                contents, true);
    }

    private static <T> List<T> nonNull(List<T> list) {
        List<T> out = new ArrayList<>();
        if (list != null) for (T t : list) if (t != null) out.add(t);
        return out;
    }
}
