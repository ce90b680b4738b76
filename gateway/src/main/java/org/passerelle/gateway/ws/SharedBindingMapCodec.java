package org.passerelle.gateway.ws;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.jaxb.JAXBDataBinding;
import org.apache.cxf.ws.addressing.soap.MAPCodec;

import javax.xml.namespace.QName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CXF's WS-Addressing codec, except that the headers of a response share one {@link JAXBDataBinding} per JAXB context:
 * {@link MAPCodec#encodeMAP} builds a new one per header (Action, MessageID, To, RelatesTo… each response), each
 * looking its escape handlers up by reflection. Same headers on the wire. {@link #installOn} makes it the bus's
 * MAPCodec extension, the instance {@code WSAddressingFeature} then puts in every endpoint's chains.
 */
final class SharedBindingMapCodec extends MAPCodec {

    private final Map<JAXBContext, JAXBDataBinding> bindings = new ConcurrentHashMap<>();

    /** Installs the codec on {@code bus}; call before any WS-Addressing endpoint is created on it. */
    static void installOn(Bus bus) {
        if (!(bus.getExtension(MAPCodec.class) instanceof SharedBindingMapCodec)) {
            bus.setExtension(new SharedBindingMapCodec(), MAPCodec.class);
        }
    }

    @Override
    protected <T> void encodeMAP(SoapMessage message, T value, QName qname, Class<T> clz, JAXBContext ctx,
                                 boolean mustUnderstand) {
        SoapHeader header = new SoapHeader(qname, new JAXBElement<>(qname, clz, value),
                bindings.computeIfAbsent(ctx, JAXBDataBinding::new));
        header.setMustUnderstand(mustUnderstand);
        message.getHeaders().add(header);
    }
}
