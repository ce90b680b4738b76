package org.passerelle.gateway.spi;

import org.w3c.dom.Element;

import java.security.cert.X509Certificate;

/**
 * Establishes the {@link Caller} of one SOAP request from its WS-Security header and its TLS client certificate.
 * Called by the gateway's security interceptor before the endpoint runs. Implementations are thread-safe.
 */
public interface RequestAuthenticator {

    /**
     * @param transaction   the transaction the request's WS-Addressing action names
     * @param soapHeader    the SOAP Header element (its wsse:Security child carries the assertion), or null if none
     * @param tlsClientCert the verified TLS client certificate, or null when the connection is not mutual TLS
     * @return the caller; never null
     * @throws AuthenticationFailure when the request must be refused (mapped to a SOAP Fault with its fault code)
     */
    Caller authenticate(Transaction transaction, Element soapHeader, X509Certificate tlsClientCert)
            throws AuthenticationFailure;

    /** No security: every request is anonymous. For local development and plain IHE runs only. */
    RequestAuthenticator NONE = (transaction, soapHeader, tlsClientCert) -> Caller.anonymous();
}
