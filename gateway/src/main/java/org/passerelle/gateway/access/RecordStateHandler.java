package org.passerelle.gateway.access;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.passerelle.access.AccessDecision;
import org.passerelle.access.AccessRules;
import org.passerelle.access.PatientDecisions;
import org.passerelle.access.PatientRecords;
import org.passerelle.gateway.audit.AdminToken;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static org.passerelle.gateway.audit.AccessHistoryHandler.answer;
import static org.passerelle.gateway.audit.AccessHistoryHandler.error;
import static org.passerelle.gateway.audit.AccessHistoryHandler.str;

/**
 * R-07, the gateway's form of the DMP "test d'existence" (TD0.2): {@code GET /admin/record-state?patient=CX} tells a
 * consulting system, before any document query, whether the record is ACTIVE, CLOSED or OPPOSED, since when and why,
 * whether the patient activated Mon espace santé, opposed consultation or forbade emergency access
 * . Secured like the access history: {@code Authorization: Bearer <admin token>}. A valid INS never seen
 * before answers ACTIVE with {@code "known":false}; an id that is not an INS answers 400 naming R-70.
 */
public final class RecordStateHandler extends Handler.Abstract {

    public static final String PATH = "/admin/record-state";

    private final AccessRules rules;
    private final PatientRecords records;
    private final PatientDecisions decisions;
    private final AdminToken token;

    public RecordStateHandler(AccessRules rules, PatientRecords records, PatientDecisions decisions, AdminToken token) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.records = Objects.requireNonNull(records, "records");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(request.getHttpURI().getPath())) return false;
        if (!token.admits(request, response, callback)) return true;
        Fields params = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String patient = params.getValue("patient");
        if (patient == null || patient.isBlank()) {
            answer(response, callback, 400, error("parameter 'patient' (the INS in CX form) is required"));
            return true;
        }
        AccessDecision ins = rules.checkIns(patient.trim());
        if (ins.denied()) {
            answer(response, callback, 400, error(ins.codeContext()));
            return true;
        }
        try {
            String pid = DocumentFactsOf.canonical(patient);
            AccessRules.RecordStatus s = rules.recordStatus(records.get(pid), decisions.forPatient(pid));
            answer(response, callback, 200, json(s));
        } catch (RuntimeException e) {
            answer(response, callback, 503, error("database unavailable: " + e.getMessage()));
        }
        return true;
    }

    static String json(AccessRules.RecordStatus s) {
        return "{\"patient\":" + str(s.patientId()) + ",\"known\":" + s.known() + ",\"state\":" + str(s.state().name())
                + ",\"stateSince\":" + str(s.stateSince() == null ? null : s.stateSince().toString())
                + ",\"reason\":" + str(s.reason()) + ",\"activated\":" + s.activated()
                + ",\"consultationOpposed\":" + s.consultationOpposed() + ",\"emergencyAllowed\":" + s.emergencyAllowed() + "}";
    }

}
