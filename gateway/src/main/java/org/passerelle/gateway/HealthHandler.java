package org.passerelle.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.function.BooleanSupplier;

/**
 * {@code GET /health} (the process is up: always 200) and {@code GET /ready} (200 when the database answers, 503
 * otherwise), on the gateway's Jetty next to the SOAP endpoints.
 */
final class HealthHandler extends Handler.Abstract {

    private final BooleanSupplier ready;

    HealthHandler(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if ("/health".equals(path)) {
            answer(response, callback, 200, "{\"status\":\"UP\"}");
            return true;
        }
        if ("/ready".equals(path)) {
            boolean ok;
            try {
                ok = ready.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            answer(response, callback, ok ? 200 : 503,
                    ok ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\",\"reason\":\"database unreachable\"}");
            return true;
        }
        return false;
    }

    private static void answer(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, json + "\n", callback);
    }
}
