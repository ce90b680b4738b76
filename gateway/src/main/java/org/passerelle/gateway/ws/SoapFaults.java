package org.passerelle.gateway.ws;

import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.passerelle.gateway.GatewayFailure;

import javax.xml.namespace.QName;

/** SOAP 1.2 Faults with the subcode of a {@link GatewayFailure} (or any WS-* fault code). */
final class SoapFaults {
    private SoapFaults() { }

    static SoapFault sender(GatewayFailure failure, Object... args) {
        return sender(failure.soapSubcode(), failure.message(args));
    }

    static SoapFault sender(QName subcode, String reason) {
        SoapFault fault = new SoapFault(reason, Soap12.getInstance().getSender());
        if (subcode != null) fault.addSubCode(subcode);
        return fault;
    }
}
