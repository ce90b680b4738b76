package org.passerelle.client;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's TD0.2 record-state answer: what a DPI shows without a click before any document query.
 *
 * @param patientId              the patient asked about (CX)
 * @param known                  false for a valid INS the gateway never saw (ACTIVE on first use, R-01)
 * @param state                  ACTIVE, CLOSED or OPPOSED
 * @param stateSince             when the record entered its state (the closure date), or null
 * @param reason                 closure / opposition reason, or null
 * @param activated              the patient activated Mon espace santé
 * @param consultationAuthorised whether this caller (the VIHF's professional) may consult now
 * @param consultationRule       the rule that decided (R-20 consent, R-02, R-05, R-06, R-83…)
 * @param consultationReason     the rule's explanation
 */
public record RecordState(String patientId, boolean known, String state, Instant stateSince, String reason,
                          boolean activated, boolean consultationAuthorised, String consultationRule,
                          String consultationReason) {

    static final String NS = "urn:passerelle:dmp:td0.2";
    static final String ACTION = "urn:passerelle:dmp:td0.2:RecordState";

    /** The request payload for one patient. */
    static String request(String patientCx) {
        String p = patientCx.trim().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<rs:RecordStateRequest xmlns:rs=\"" + NS + "\"><rs:PatientId>" + p + "</rs:PatientId></rs:RecordStateRequest>";
    }

    /** Reads a RecordStateResponse element. */
    static RecordState of(Element response) throws ClientException {
        if (response == null || !NS.equals(response.getNamespaceURI()) || !"RecordStateResponse".equals(response.getLocalName())) {
            throw ClientFailure.TRANSPORT.exception("the record-state endpoint", "the answer is not a RecordStateResponse: "
                    + (response == null ? "empty" : "{" + response.getNamespaceURI() + "}" + response.getLocalName()));
        }
        Map<String, Element> f = new LinkedHashMap<>();
        for (Node c = response.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && NS.equals(e.getNamespaceURI())) f.put(e.getLocalName(), e);
        }
        Element consultation = f.get("Consultation");
        String state = text(f, "State");
        if (state == null || consultation == null) {
            throw ClientFailure.TRANSPORT.exception("the record-state endpoint", "the answer lacks State or Consultation");
        }
        Instant since;
        try {
            since = text(f, "StateSince") == null ? null : Instant.parse(text(f, "StateSince"));
        } catch (DateTimeParseException e) {
            throw ClientFailure.TRANSPORT.exception("the record-state endpoint", "StateSince is not an instant: " + text(f, "StateSince"));
        }
        String rule = consultation.getAttribute("rule");
        return new RecordState(text(f, "PatientId"), "true".equals(text(f, "Known")), state, since, text(f, "Reason"),
                "true".equals(text(f, "Activated")), "true".equals(consultation.getAttribute("authorised")),
                rule.isEmpty() ? null : rule, consultation.getTextContent());
    }

    private static String text(Map<String, Element> f, String name) {
        Element e = f.get(name);
        return e == null ? null : e.getTextContent().trim();
    }

    /** As printed by {@code xds-client record-state --json}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patient", patientId);
        m.put("known", known);
        m.put("state", state);
        m.put("stateSince", stateSince == null ? null : stateSince.toString());
        m.put("reason", reason);
        m.put("activated", activated);
        m.put("consultationAuthorised", consultationAuthorised);
        m.put("consultationRule", consultationRule);
        m.put("consultationReason", consultationReason);
        return m;
    }
}
