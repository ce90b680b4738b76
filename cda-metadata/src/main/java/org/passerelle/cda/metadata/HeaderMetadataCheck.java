package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that the metadata submitted with a CDA document say what its header says: patient (INS), typeCode,
 * creationTime (in UTC), confidentiality, author. Used by the repository side before storing a document.
 */
public final class HeaderMetadataCheck {
    private HeaderMetadataCheck() {
    }

    public static List<Mismatch> compare(CdaHeader h, DocumentEntry e) {
        List<Mismatch> out = new ArrayList<>();
        patient(h, e, out);
        typeCode(h, e, out);
        creationTime(h, e, out);
        confidentiality(h, e, out);
        author(h, e, out);
        return out;
    }

    private static void patient(CdaHeader h, DocumentEntry e, List<Mismatch> out) {
        Ii ins = h.patient().ins();
        Identifiable pid = e.getPatientId();
        String meta = pid == null ? "(none)" : FrenchForms.render(pid);
        if (ins == null) {
            out.add(new Mismatch(CdaMetadataFailure.PATIENT_ID_MISMATCH, "(no INS in recordTarget)", meta));
            return;
        }
        String cda = ins.extension() + "^^^&" + ins.root() + "&ISO";
        boolean same = pid != null && ins.extension().equals(pid.getId())
                && pid.getAssigningAuthority() != null
                && ins.root().equals(pid.getAssigningAuthority().getUniversalId());
        if (!same) {
            out.add(new Mismatch(CdaMetadataFailure.PATIENT_ID_MISMATCH, cda, meta));
        }
    }

    private static void typeCode(CdaHeader h, DocumentEntry e, List<Mismatch> out) {
        if (h.code() == null) {
            return;
        }
        Code t = e.getTypeCode();
        boolean same = t != null && h.code().code().equals(t.getCode())
                && (h.code().codeSystem() == null || h.code().codeSystem().equals(t.getSchemeName()));
        if (!same) {
            out.add(new Mismatch(CdaMetadataFailure.TYPE_CODE_MISMATCH,
                    h.code().code() + "^^" + h.code().codeSystem(), t == null ? "(none)" : t.getCode() + "^^" + t.getSchemeName()));
        }
    }

    /**
     * Equal when the metadata time, in UTC, is the CDA effectiveTime in UTC at the metadata's precision
     * (which must reach at least the day).
     */
    private static void creationTime(CdaHeader h, DocumentEntry e, List<Mismatch> out) {
        if (h.effectiveTime() == null) {
            return;
        }
        String cda;
        try {
            cda = Timestamp.fromHL7(h.effectiveTime()).toHL7();
        } catch (RuntimeException ex) {
            cda = "invalid '" + h.effectiveTime() + "'";
        }
        Timestamp t = e.getCreationTime();
        String meta = t == null ? null : t.toHL7();
        boolean same = meta != null && meta.length() >= 8 && cda.startsWith(meta);
        if (!same) {
            out.add(new Mismatch(CdaMetadataFailure.CREATION_TIME_MISMATCH, cda, meta == null ? "(none)" : meta));
        }
    }

    private static void confidentiality(CdaHeader h, DocumentEntry e, List<Mismatch> out) {
        if (h.confidentiality() == null) {
            return;
        }
        boolean present = e.getConfidentialityCodes().stream().anyMatch(c ->
                h.confidentiality().code().equals(c.getCode())
                        && Objects.equals(h.confidentiality().codeSystem(), c.getSchemeName()));
        if (!present) {
            out.add(new Mismatch(CdaMetadataFailure.CONFIDENTIALITY_MISMATCH,
                    h.confidentiality().code() + "^^" + h.confidentiality().codeSystem(),
                    e.getConfidentialityCodes().stream().map(c -> c.getCode() + "^^" + c.getSchemeName()).toList().toString()));
        }
    }

    /** At least one CDA author with a national id must appear among the metadata authors (by XCN.1). */
    private static void author(CdaHeader h, DocumentEntry e, List<Mismatch> out) {
        List<String> metaIds = e.getAuthors().stream()
                .map(Author::getAuthorPerson)
                .filter(Objects::nonNull)
                .map(p -> p.getId() == null ? null : p.getId().getId())
                .filter(Objects::nonNull)
                .toList();
        List<String> cdaIds = h.authors().stream()
                .map(CdaAuthor::id)
                .filter(i -> i != null && i.extension() != null)
                .map(Ii::extension)
                .toList();
        if (!cdaIds.isEmpty() && cdaIds.stream().noneMatch(metaIds::contains)) {
            out.add(new Mismatch(CdaMetadataFailure.AUTHOR_MISMATCH, String.join(", ", cdaIds), metaIds.toString()));
        }
    }
}
