package org.passerelle.gateway.spi;

import javax.xml.namespace.QName;

/**
 * A refused request at the security layer. The gateway turns it into a SOAP Fault whose subcode is
 * {@link #faultCode()} (a WS-Security fault code such as wsse:InvalidSecurityToken, wsse:FailedCheck,
 * wsse:FailedAuthentication) and whose reason is the message.
 */
public class AuthenticationFailure extends Exception {
    private final QName faultCode;

    public AuthenticationFailure(QName faultCode, String message) {
        super(message);
        this.faultCode = faultCode;
    }

    public AuthenticationFailure(QName faultCode, String message, Throwable cause) {
        super(message, cause);
        this.faultCode = faultCode;
    }

    public QName faultCode() { return faultCode; }
}
