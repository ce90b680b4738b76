package org.passerelle.gateway.audit;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditReader;
import org.passerelle.audit.AuditTrail;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AccessHistoryHandlerTest {

    static final String TOKEN = "admin-token-0123456789";

    @Test
    void R61_historyAndVerifyOverHttpForAdministratorsOnly() throws Exception {
        String pid = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH";
        try (TestDatabase db = TestDatabase.h2()) {
            try (AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("gw"))) {
                trail.record(new AuditEvent(Instant.parse("2026-11-20T08:00:00Z"), "ITI-18", AuditEvent.Outcome.SUCCESS, "81001",
                        "Dr \"Quote\" Exemple", "1750712184", "10", "SM26", "INDIRECTE", "bris_de_glace", "coma", pid, List.of("1.2.3"), "R-30", null));
                trail.record(new AuditEvent(Instant.parse("2026-11-20T09:00:00Z"), "ITI-43", AuditEvent.Outcome.REFUSED, "86002",
                        null, "1750712184", "60", null, "INDIRECTE", null, null, pid, List.of("1.2.4"), "R-11", "refused"));
                trail.flush();
            }
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new AccessHistoryHandler(new AuditReader(db.dataSource()), TOKEN));
            server.start();
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                HttpClient http = HttpClient.newHttpClient();
                String q = base + "/admin/history?patient=" + URLEncoder.encode(pid, StandardCharsets.UTF_8);

                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(q)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, anonymous.statusCode());
                assertFalse(anonymous.body().contains("81001"));
                HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(q)).header("Authorization", "Bearer nope-nope-nope-nope").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, wrong.statusCode());

                HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(q)).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), ok.body());
                assertTrue(ok.body().contains("\"userName\":\"Dr \\\"Quote\\\" Exemple\""), ok.body());
                assertTrue(ok.body().contains("\"mode\":\"bris_de_glace\",\"emergency\":true,\"emergencyReason\":\"coma\""), ok.body());
                assertTrue(ok.body().indexOf("ITI-18") < ok.body().indexOf("ITI-43"), "oldest first");
                assertTrue(ok.body().contains("\"rule\":\"R-11\""), ok.body());

                HttpResponse<String> window = http.send(HttpRequest.newBuilder(URI.create(q + "&from=2026-11-20T08:30:00Z"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertFalse(window.body().contains("ITI-18"), window.body());
                HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(q + "&from=yesterday"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, bad.statusCode());

                HttpRequest verify = HttpRequest.newBuilder(URI.create(base + "/admin/audit/verify")).header("Authorization", "Bearer " + TOKEN).build();
                HttpResponse<String> intact = http.send(verify, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, intact.statusCode());
                assertTrue(intact.body().contains("\"intact\":true,\"rowsChecked\":2"), intact.body());
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE audit_event SET rule_id = NULL WHERE seq = 2");
                }
                HttpResponse<String> broken = http.send(verify, HttpResponse.BodyHandlers.ofString());
                assertEquals(409, broken.statusCode());
                assertTrue(broken.body().contains("\"seq\":2"), broken.body());
            } finally {
                server.stop();
            }
        }
    }
}
