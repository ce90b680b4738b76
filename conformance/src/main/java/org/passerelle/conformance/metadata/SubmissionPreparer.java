package org.passerelle.conformance.metadata;

import static org.passerelle.conformance.metadata.Namespaces.DE_PATIENT_ID;
import static org.passerelle.conformance.metadata.Namespaces.DE_UNIQUE_ID;
import static org.passerelle.conformance.metadata.Namespaces.FOL_PATIENT_ID;
import static org.passerelle.conformance.metadata.Namespaces.FOL_UNIQUE_ID;
import static org.passerelle.conformance.metadata.Namespaces.SS_PATIENT_ID;
import static org.passerelle.conformance.metadata.Namespaces.SS_SOURCE_ID;
import static org.passerelle.conformance.metadata.Namespaces.SS_UNIQUE_ID;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.passerelle.conformance.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Applies a step's metadata instructions to an ebRIM 3.0 submission, in place, as the NIST toolkit does: uniqueIds
 * re-assigned (unless NoAssignUids), patientIds overwritten (unless NoPatientId), SubmissionSet.sourceId set, then
 * symbolic ids replaced by UUIDs (AssignUuids). The maps it returns are the step's AssignedUids / AssignedUuids logs,
 * keyed by the symbolic ids of the file.
 */
public final class SubmissionPreparer {

    public record Options(boolean assignUuids, boolean noAssignUids, Set<String> noAssignUidsFor,
                          boolean noPatientId, String patientId, String sourceId) {}

    public record Result(Map<String, String> assignedUids, Map<String, String> assignedUuids) {}

    private static final Set<String> UID_SCHEMES = Set.of(DE_UNIQUE_ID, SS_UNIQUE_ID, FOL_UNIQUE_ID);
    private static final Set<String> PID_SCHEMES = Set.of(DE_PATIENT_ID, SS_PATIENT_ID, FOL_PATIENT_ID);
    private static final List<String> REFERENCE_ATTRIBUTES =
            List.of("id", "sourceObject", "targetObject", "classifiedObject", "registryObject");

    private final IdSource ids;

    public SubmissionPreparer(IdSource ids) {
        this.ids = ids;
    }

    /** {@code metadata} is any document containing an ebRIM 3.0 RegistryObjectList (SubmitObjectsRequest or PnR). */
    public Result prepare(Document metadata, Options options) {
        Map<String, String> uids = new LinkedHashMap<>();
        List<Element> identifiers = Xml.descendants(metadata, "ExternalIdentifier");
        for (Element ei : identifiers) {
            String scheme = ei.getAttribute("identificationScheme");
            String owner = owner(ei);
            if (UID_SCHEMES.contains(scheme) && !options.noAssignUids() && !options.noAssignUidsFor().contains(owner)) {
                String uid = ids.uniqueId();
                ei.setAttribute("value", uid);
                uids.put(owner, uid);
            } else if (UID_SCHEMES.contains(scheme)) {
                uids.put(owner, ei.getAttribute("value"));
            }
            if (PID_SCHEMES.contains(scheme) && !options.noPatientId() && options.patientId() != null) {
                ei.setAttribute("value", options.patientId());
            }
            if (SS_SOURCE_ID.equals(scheme) && options.sourceId() != null) {
                ei.setAttribute("value", options.sourceId());
            }
        }
        Map<String, String> uuids = new LinkedHashMap<>();
        if (options.assignUuids()) {
            for (Element e : Xml.descendants(metadata, "*")) {
                if (!Namespaces.RIM30.equals(e.getNamespaceURI()) || "ObjectRef".equals(e.getLocalName())) continue;
                String id = Xml.attr(e, "id");
                if (id != null && !id.startsWith("urn:uuid:") && !uuids.containsKey(id)) {
                    uuids.put(id, ids.uuid());
                }
            }
            for (Element e : Xml.descendants(metadata, "*")) {
                for (String a : REFERENCE_ATTRIBUTES) {
                    String v = Xml.attr(e, a);
                    if (v != null && uuids.containsKey(v)) e.setAttribute(a, uuids.get(v));
                }
            }
        }
        return new Result(uids, uuids);
    }

    /** The id of the object an ExternalIdentifier belongs to (its registryObject, else its parent's id). */
    private static String owner(Element ei) {
        String ro = Xml.attr(ei, "registryObject");
        if (ro != null && !ro.isBlank()) return ro;
        return ei.getParentNode() instanceof Element p ? p.getAttribute("id") : "";
    }
}
