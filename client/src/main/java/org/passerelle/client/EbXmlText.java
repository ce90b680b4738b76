package org.passerelle.client;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;

import java.io.StringWriter;

/** Indented XML text of an ebRS SubmitObjectsRequest (dry runs, logs). */
final class EbXmlText {
    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(SubmitObjectsRequest.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EbXmlText() {
    }

    static String of(SubmitObjectsRequest request) {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
            StringWriter out = new StringWriter();
            m.marshal(request, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write the ebXML: " + e.getMessage(), e);
        }
    }
}
