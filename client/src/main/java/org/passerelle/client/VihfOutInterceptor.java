package org.passerelle.client;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.passerelle.vihf.WsSecurity;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;

/** Adds {@code wsse:Security} with the VIHF assertion to every outgoing SOAP request (mustUnderstand). */
final class VihfOutInterceptor extends AbstractSoapInterceptor {
    static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final QName SECURITY = new QName(WSSE_NS, "Security", "wsse");

    private final String transaction;
    private final VihfSupplier supplier;

    VihfOutInterceptor(String transaction, VihfSupplier supplier) {
        super(Phase.PRE_PROTOCOL);
        this.transaction = transaction;
        this.supplier = supplier;
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        Element assertion;
        try {
            assertion = supplier.assertionFor(transaction);
        } catch (Exception e) {
            throw new Fault(new IllegalStateException("VIHF supplier failed for " + transaction + ": " + e.getMessage(), e));
        }
        if (assertion == null) {
            return;
        }
        // a copy of the assertion: its enveloped exclusive-c14n signature stays valid
        Element security = WsSecurity.securityElement(assertion);
        SoapHeader header = new SoapHeader(SECURITY, security);
        header.setMustUnderstand(true);
        message.getHeaders().removeIf(h -> SECURITY.equals(h.getName()));
        message.getHeaders().add(header);
    }
}
