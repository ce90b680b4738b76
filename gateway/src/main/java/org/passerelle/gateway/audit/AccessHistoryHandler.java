package org.passerelle.gateway.audit;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditReader;
import org.passerelle.audit.ChainVerification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Admin endpoints of the audit trail, for the gateway's Jetty (next to /health):
 * {@code GET /admin/history?patient=CX[&from=ISO&to=ISO]} lists who consulted or fed the record, and
 * {@code GET /admin/audit/verify} proves the hash chain (200 intact, 409 broken, naming the first broken row).
 * Both require {@code Authorization: Bearer <admin token>}: patient histories are never served anonymously.
 */
public final class AccessHistoryHandler extends Handler.Abstract {

    public static final String HISTORY_PATH = "/admin/history";
    public static final String VERIFY_PATH = "/admin/audit/verify";

    private final AuditReader reader;
    private final AdminToken token;

    /** @param adminToken the bearer token administrators present (at least 16 characters) */
    public AccessHistoryHandler(AuditReader reader, String adminToken) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.token = new AdminToken(adminToken);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!HISTORY_PATH.equals(path) && !VERIFY_PATH.equals(path)) return false;
        if (!token.admits(request, response, callback)) return true;
        try {
            if (VERIFY_PATH.equals(path)) {
                ChainVerification v = reader.verifyChain();
                answer(response, callback, v.intact() ? 200 : 409, "{\"intact\":" + v.intact() + ",\"rowsChecked\":" + v.rowsChecked()
                        + ",\"chains\":" + v.chains() + v.firstBroken().map(b -> ",\"firstBroken\":{\"chain\":" + str(b.chainId())
                        + ",\"seq\":" + b.seq() + ",\"rowId\":" + b.rowId() + ",\"message\":" + str(b.message()) + "}").orElse("") + "}");
                return true;
            }
            Fields params = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String patient = params.getValue("patient");
            if (patient == null || patient.isBlank()) {
                answer(response, callback, 400, error("parameter 'patient' (the INS in CX form) is required"));
                return true;
            }
            Instant from, to;
            try {
                from = params.getValue("from") == null ? null : Instant.parse(params.getValue("from"));
                to = params.getValue("to") == null ? null : Instant.parse(params.getValue("to"));
            } catch (DateTimeParseException e) {
                answer(response, callback, 400, error("'from' and 'to' must be ISO-8601 instants, e.g. 2026-01-01T00:00:00Z"));
                return true;
            }
            answer(response, callback, 200, json(patient, reader.history(patient, from, to)));
        } catch (RuntimeException e) {
            answer(response, callback, 503, error("audit database unavailable: " + e.getMessage()));
        }
        return true;
    }

    static String json(String patient, List<AccessHistoryEntry> entries) {
        StringBuilder sb = new StringBuilder("{\"patient\":").append(str(patient)).append(",\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            AccessHistoryEntry e = entries.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"time\":").append(str(e.time().toString())).append(",\"transaction\":").append(str(e.transaction()))
                    .append(",\"outcome\":").append(str(e.outcome().name())).append(",\"userId\":").append(str(e.userId()))
                    .append(",\"userName\":").append(str(e.userName())).append(",\"structureId\":").append(str(e.structureId()))
                    .append(",\"profession\":").append(str(e.profession())).append(",\"mode\":").append(str(e.accessMode()))
                    .append(",\"emergency\":").append(e.emergency()).append(",\"emergencyReason\":").append(str(e.emergencyReason()))
                    .append(",\"rule\":").append(str(e.ruleId())).append(",\"documents\":[");
            for (int d = 0; d < e.documentIds().size(); d++) sb.append(d > 0 ? "," : "").append(str(e.documentIds().get(d)));
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    public static String error(String message) { return "{\"error\":" + str(message) + "}"; }

    /** A JSON string literal (or null). */
    public static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> { if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c); }
            }
        }
        return sb.append('"').toString();
    }

    /** Answers a JSON body, never cached. */
    public static void answer(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, json + "\n", callback);
    }
}
