package org.passerelle.gateway.ws;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.ws.addressing.soap.MAPCodec;
import org.passerelle.gateway.GatewayFailure;
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Runs before the body is read: checks the WS-Addressing Action against the endpoint's transaction, then asks the
 * {@link RequestAuthenticator} for the {@link Caller} (SOAP Header DOM + TLS client certificate) and puts it in the
 * exchange for the endpoint. An {@link AuthenticationFailure} becomes a SOAP 1.2 Sender Fault with its subcode.
 */
final class SecurityInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityInterceptor.class);
    private static final String WSA = "http://www.w3.org/2005/08/addressing";
    private static final QName ACTION = new QName(WSA, "Action");
    /** Sent with soap:mustUnderstand="1"; the authenticator processes it. */
    private static final QName WSSE_SECURITY = new QName(
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", "Security");

    /** Security off but a client sends wsse:Security: said once per process, not on every request. */
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED_SECURITY_OFF = new java.util.concurrent.atomic.AtomicBoolean();

    private final Transaction transaction;
    private final RequestAuthenticator authenticator;
    private final TransactionAuditor auditor;

    SecurityInterceptor(Transaction transaction, RequestAuthenticator authenticator, TransactionAuditor auditor) {
        super(Phase.PRE_PROTOCOL);
        addBefore(MAPCodec.class.getName());
        this.transaction = transaction;
        this.authenticator = authenticator;
        this.auditor = auditor;
    }

    @Override
    public java.util.Set<QName> getUnderstoodHeaders() {
        return java.util.Set.of(WSSE_SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (isGet(message)) return;
        Header action = message.getHeader(ACTION);
        if (action == null) throw SoapFaults.sender(GatewayFailure.ACTION_MISSING, transaction.action());
        String value = action.getObject() instanceof Element e ? e.getTextContent().trim() : String.valueOf(action.getObject());
        if (!transaction.action().equals(value)) {
            throw SoapFaults.sender(GatewayFailure.ACTION_NOT_SUPPORTED, value, transaction.action());
        }
        if (authenticator == RequestAuthenticator.NONE && message.getHeader(WSSE_SECURITY) != null
                && WARNED_SECURITY_OFF.compareAndSet(false, true)) {
            LOG.warn("{} request carries a wsse:Security header but security is off (security.enabled=false): the "
                    + "header is accepted and ignored, the caller is anonymous. This warning is not repeated.", transaction.id());
        }
        Element soapHeader = null;
        for (Header h : message.getHeaders()) {
            if (h.getObject() instanceof Element e && e.getParentNode() instanceof Element parent
                    && "Header".equals(parent.getLocalName())) {
                soapHeader = parent;
                break;
            }
        }
        X509Certificate cert = null;
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        if (tls != null && tls.getPeerCertificates() != null && tls.getPeerCertificates().length > 0) {
            Certificate c = tls.getPeerCertificates()[0];
            if (c instanceof X509Certificate x) cert = x;
        }
        try {
            Caller caller = authenticator.authenticate(transaction, soapHeader, cert);
            message.getExchange().put(Caller.class, caller == null ? Caller.anonymous() : caller);
        } catch (AuthenticationFailure e) {
            LOG.warn("{} refused at the security layer: {} ({})", transaction.id(), e.getMessage(), e.faultCode());
            auditor.record(Caller.anonymous(), transaction, null, java.util.List.of(),
                    TransactionAuditor.Outcome.REFUSED, e.faultCode().getLocalPart() + ": " + e.getMessage());
            throw SoapFaults.sender(e.faultCode(), e.getMessage());
        }
    }

    private static boolean isGet(SoapMessage message) {
        return "GET".equals(message.get(org.apache.cxf.message.Message.HTTP_REQUEST_METHOD));
    }
}
