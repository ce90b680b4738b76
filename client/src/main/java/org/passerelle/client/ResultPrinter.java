package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints registry responses for an operator: status, every error with its code, context and location; query results
 * as a table or JSON, one document per uniqueId and never the registry's identity traits (R-74: the DMP's
 * sourcePatientInfo is not authoritative; the patient is identified by the INS).
 */
public final class ResultPrinter {
    private final PrintWriter out;

    public ResultPrinter(PrintWriter out) {
        this.out = out;
    }

    public void response(String what, Response r) {
        out.println(what + ": " + label(r.getStatus()));
        errors(r.getErrors());
    }

    public void errors(List<ErrorInfo> errors) {
        for (ErrorInfo e : errors) {
            out.println("  " + (e.getSeverity() == null ? "" : e.getSeverity().name() + " ") + code(e) + ": "
                    + (e.getCodeContext() == null ? "" : e.getCodeContext())
                    + (e.getLocation() == null ? "" : " (location " + e.getLocation() + ")"));
        }
    }

    public void queryTable(QueryResponse r) {
        out.println("ITI-18: " + label(r.getStatus()) + ", " + r.getDocumentEntries().size() + " document entries, "
                + r.getSubmissionSets().size() + " submission sets, " + r.getFolders().size() + " folders, "
                + r.getAssociations().size() + " associations, " + r.getReferences().size() + " object references");
        errors(r.getErrors());
        List<DocumentEntry> documents = UniqueDocuments.of(r.getDocumentEntries());
        if (documents.size() < r.getDocumentEntries().size()) {
            out.println("note: " + (r.getDocumentEntries().size() - documents.size()) + " more entries with a uniqueId"
                    + " already listed are not shown (R-93: one line per document, its current version)");
        }
        long withTraits = documents.stream().filter(e -> e.getSourcePatientInfo() != null
                && !e.getSourcePatientInfo().getAllFieldIds().isEmpty()).count();
        if (withTraits > 0) {
            out.println("note: identity traits sent by the registry (sourcePatientInfo of " + withTraits + " entries)"
                    + " are not shown: they are not authoritative, identify the patient by the INS (R-74)");
        }
        if (!documents.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"uniqueId", "status", "typeCode", "classCode", "creationTime", "confidentiality",
                    "repository", "entryUUID", "title"});
            for (DocumentEntry e : documents) {
                rows.add(new String[]{e.getUniqueId(), status(e.getAvailabilityStatus()), code(e.getTypeCode()),
                        code(e.getClassCode()), time(e.getCreationTime()),
                        e.getConfidentialityCodes().stream().map(Code::getCode).collect(Collectors.joining(",")),
                        e.getRepositoryUniqueId(), e.getEntryUuid(),
                        e.getTitle() == null ? "" : e.getTitle().getValue()});
            }
            table(rows);
        }
        for (SubmissionSet s : r.getSubmissionSets()) {
            out.println("SubmissionSet " + s.getUniqueId() + " " + s.getEntryUuid() + " submitted "
                    + time(s.getSubmissionTime()) + " source " + s.getSourceId());
        }
        for (Association a : r.getAssociations()) {
            out.println("Association " + a.getAssociationType() + " " + a.getSourceUuid() + " -> " + a.getTargetUuid());
        }
        for (ObjectReference ref : r.getReferences()) {
            out.println("ObjectRef " + ref.getId());
        }
    }

    public void queryJson(QueryResponse r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", label(r.getStatus()));
        root.put("errors", r.getErrors().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code(e));
            m.put("severity", e.getSeverity() == null ? null : e.getSeverity().name());
            m.put("codeContext", e.getCodeContext());
            m.put("location", e.getLocation());
            return m;
        }).toList());
        // one entry per uniqueId; R-74: no identity traits (sourcePatientInfo) from the registry
        root.put("documentEntries", UniqueDocuments.of(r.getDocumentEntries()).stream().map(ResultPrinter::entry).toList());
        root.put("submissionSets", r.getSubmissionSets().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uniqueId", s.getUniqueId());
            m.put("entryUUID", s.getEntryUuid());
            m.put("submissionTime", time(s.getSubmissionTime()));
            m.put("sourceId", s.getSourceId());
            return m;
        }).toList());
        root.put("associations", r.getAssociations().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", a.getAssociationType() == null ? null : a.getAssociationType().getOpcode30());
            m.put("source", a.getSourceUuid());
            m.put("target", a.getTargetUuid());
            return m;
        }).toList());
        root.put("objectRefs", r.getReferences().stream().map(ObjectReference::getId).toList());
        out.println(Json.write(root));
    }

    static Map<String, Object> entry(DocumentEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uniqueId", e.getUniqueId());
        m.put("entryUUID", e.getEntryUuid());
        m.put("logicalId", e.getLogicalUuid());
        m.put("version", e.getVersion() == null ? null : e.getVersion().getVersionName());
        m.put("status", status(e.getAvailabilityStatus()));
        m.put("patientId", e.getPatientId() == null ? null : Hl7v2Based.rawRender(e.getPatientId()));
        m.put("typeCode", code(e.getTypeCode()));
        m.put("classCode", code(e.getClassCode()));
        m.put("formatCode", code(e.getFormatCode()));
        m.put("confidentialityCodes", e.getConfidentialityCodes().stream().map(ResultPrinter::code).toList());
        m.put("creationTime", time(e.getCreationTime()));
        m.put("mimeType", e.getMimeType());
        m.put("hash", e.getHash());
        m.put("size", e.getSize());
        m.put("repositoryUniqueId", e.getRepositoryUniqueId());
        m.put("title", e.getTitle() == null ? null : e.getTitle().getValue());
        return m;
    }

    private void table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = r[i] == null ? "" : r[i];
                b.append(cell).append(" ".repeat(width[i] - cell.length())).append(i + 1 < r.length ? "  " : "");
            }
            out.println(b.toString().stripTrailing());
        }
    }

    static String label(Status s) {
        return s == null ? "(no status)" : switch (s) {
            case SUCCESS -> "Success";
            case FAILURE -> "Failure";
            case PARTIAL_SUCCESS -> "PartialSuccess";
        };
    }

    private static String code(ErrorInfo e) {
        return e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode();
    }

    private static String code(Code c) {
        return c == null ? null : c.getCode() + "^" + (c.getDisplayName() == null ? "" : c.getDisplayName().getValue())
                + "^" + c.getSchemeName();
    }

    private static String status(Object s) {
        return s == null ? null : s.toString();
    }

    private static String time(Timestamp t) {
        return t == null ? null : t.toHL7();
    }
}
