package org.passerelle.conformance.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.passerelle.conformance.ConformanceFailure;
import org.passerelle.conformance.ConformanceFailure.StepException;

/**
 * Posts requests with java.net.http, plain HTTP or TLS (mutual TLS when the SSLContext carries a client key), and
 * returns the exact bytes both ways so reports can show them. Network failures become {@link StepException}s that
 * say whether the endpoint was unreachable or the TLS handshake failed.
 */
public final class HttpSender {

    /** What went over the wire for one step. */
    public record Exchange(String url, String requestContentType, byte[] requestBody, int status,
                           String responseContentType, byte[] responseBody, long millis) {}

    private final HttpClient client;
    private final Duration timeout;

    public HttpSender(SSLContext tls, Duration timeout) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) b.sslContext(tls);
        this.client = b.build();
        this.timeout = timeout;
    }

    public Exchange post(String url, String contentType, byte[] body, Map<String, String> extraHeaders) throws StepException {
        HttpRequest.Builder rb;
        try {
            rb = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw ConformanceFailure.ENDPOINT_UNREACHABLE.exception(url, "not a valid URL (" + e.getMessage() + ")");
        }
        rb.timeout(timeout).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (extraHeaders != null) {
            extraHeaders.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) rb.header(k, v);
            });
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Exchange(url, contentType, body, r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""), r.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (SSLException e) {
            throw ConformanceFailure.TLS_FAILURE.exception(url, e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw ConformanceFailure.ENDPOINT_UNREACHABLE.exception(url, describe(e));
        } catch (HttpTimeoutException e) {
            throw ConformanceFailure.ENDPOINT_UNREACHABLE.exception(url, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            Throwable c = e;
            while (c != null) {
                if (c instanceof SSLException) throw ConformanceFailure.TLS_FAILURE.exception(url, c.getMessage());
                c = c.getCause();
            }
            throw ConformanceFailure.ENDPOINT_UNREACHABLE.exception(url, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConformanceFailure.ENDPOINT_UNREACHABLE.exception(url, "interrupted");
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof ConnectException && e.getMessage() == null) return "connection refused";
        String m = e.getMessage();
        if (m == null && e.getCause() != null) m = e.getCause().toString();
        return (m == null ? e.getClass().getSimpleName() : m);
    }
}
