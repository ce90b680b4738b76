package org.passerelle.gateway.audit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The bearer token of the gateway's admin endpoints ({@code /admin/…}): configuration key {@code admin.token}, or
 * {@code audit.admin-token} (its first name); at least 16 characters. Compared in constant time.
 */
public final class AdminToken {

    private final byte[] token;

    public AdminToken(String token) {
        if (token == null || token.length() < 16) throw new IllegalArgumentException("the admin token must have at least 16 characters");
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, or null when the admin endpoints are off. */
    public static AdminToken fromProperties(Map<String, String> properties) {
        String t = properties.get("admin.token");
        if (t == null || t.isBlank()) t = properties.get("audit.admin-token");
        return t == null || t.isBlank() ? null : new AdminToken(t.trim());
    }

    /**
     * The admin endpoints' guard: answers 405 to anything but GET and 401 (with {@code WWW-Authenticate: Bearer}) to
     * a missing or wrong token, and then returns false; true when the request may go on.
     */
    public boolean admits(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            AccessHistoryHandler.answer(response, callback, 405, AccessHistoryHandler.error("use GET"));
            return false;
        }
        if (!accepts(request)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            AccessHistoryHandler.answer(response, callback, 401, AccessHistoryHandler.error("an admin bearer token is required"));
            return false;
        }
        return true;
    }

    public boolean accepts(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return auth != null && auth.startsWith("Bearer ")
                && MessageDigest.isEqual(token, auth.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
