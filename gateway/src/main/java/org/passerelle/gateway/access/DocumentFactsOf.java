package org.passerelle.gateway.access;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.passerelle.access.DocumentFacts;

import java.util.LinkedHashSet;
import java.util.Set;

/** Reads the facts the rules need from IPF's DocumentEntry. */
public final class DocumentFactsOf {

    private DocumentFactsOf() { }

    /** @param status the registry status URN when known (Archived/Deleted do not fit IPF's enum), else null */
    static DocumentFacts of(DocumentEntry e, String status) {
        Set<String> conf = new LinkedHashSet<>();
        if (e.getConfidentialityCodes() != null) for (Code c : e.getConfidentialityCodes()) if (c != null && c.getCode() != null) conf.add(c.getCode());
        Set<String> persons = new LinkedHashSet<>();
        Set<String> institutions = new LinkedHashSet<>();
        if (e.getAuthors() != null) {
            for (Author a : e.getAuthors()) {
                if (a.getAuthorPerson() != null && a.getAuthorPerson().getId() != null && a.getAuthorPerson().getId().getId() != null) {
                    persons.add(a.getAuthorPerson().getId().getId());
                }
                if (a.getAuthorInstitution() != null) {
                    for (Organization o : a.getAuthorInstitution()) if (o.getIdNumber() != null) institutions.add(o.getIdNumber());
                }
            }
        }
        String st = status != null ? status : e.getAvailabilityStatus() == null ? null : e.getAvailabilityStatus().getOpcode();
        return new DocumentFacts(e.getUniqueId(), cx(e.getPatientId()), e.getTypeCode() == null ? null : e.getTypeCode().getCode(),
                conf, persons, institutions, st);
    }

    /**
     * The canonical CX form of a patient id typed by an administrator or a client (as the registry keys it: CX.5 such
     * as NH dropped), so that decisions and record states meet the submissions' form.
     */
    public static String canonical(String cx) {
        if (cx == null || cx.isBlank()) return null;
        String c = cx.trim();
        String key = cx(Identifiable.parse(c));
        return key == null ? c : key;
    }

    static String cx(Identifiable id) {
        if (id == null) return null;
        String s = Hl7v2Based.render(id);
        return s == null || s.isBlank() ? null : s;
    }
}
