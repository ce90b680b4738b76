package org.passerelle.gateway.recordstate;

import org.passerelle.access.AccessDecision;
import org.passerelle.access.AccessRules;
import org.passerelle.vihf.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;

/**
 * The TD0.2 record-state messages (namespace {@value #NS}), SOAP 1.2 body payloads:
 * <pre>{@code
 * <rs:RecordStateRequest xmlns:rs="urn:passerelle:dmp:td0.2"><rs:PatientId>INS CX</rs:PatientId></rs:RecordStateRequest>
 *
 * <rs:RecordStateResponse xmlns:rs="urn:passerelle:dmp:td0.2">
 *   <rs:PatientId>…</rs:PatientId> <rs:Known>true</rs:Known> <rs:State>ACTIVE|CLOSED|OPPOSED</rs:State>
 *   <rs:StateSince>2026-01-02T03:04:05Z</rs:StateSince>?  <rs:Reason>…</rs:Reason>?  <rs:Activated>false</rs:Activated>
 *   <rs:Consultation authorised="true|false" rule="R-20">why</rs:Consultation>
 * </rs:RecordStateResponse>
 * }</pre>
 */
public final class RecordStateMessages {

    public static final String NS = "urn:passerelle:dmp:td0.2";
    public static final String REQUEST = "RecordStateRequest";
    public static final String RESPONSE = "RecordStateResponse";

    private RecordStateMessages() { }

    /** A request whose body is not a RecordStateRequest with one non-blank PatientId. */
    static final class MalformedRequest extends Exception {
        MalformedRequest(String message) { super(message); }
    }

    /** The PatientId of a request payload (trimmed). */
    static String patientOf(Source payload) throws MalformedRequest {
        if (payload == null) throw new MalformedRequest("the SOAP Body is empty");
        Element root;
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DOMResult dom = new DOMResult();
            tf.newTransformer().transform(payload, dom);
            Node n = dom.getNode();
            root = n instanceof Document d ? d.getDocumentElement() : n instanceof Element e ? e : null;
        } catch (TransformerException e) {
            throw new MalformedRequest("the SOAP Body cannot be read: " + e.getMessage());
        }
        if (root == null) throw new MalformedRequest("the SOAP Body is empty");
        if (!NS.equals(root.getNamespaceURI()) || !REQUEST.equals(root.getLocalName())) {
            throw new MalformedRequest("the SOAP Body holds {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        String patient = null;
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (!(c instanceof Element e)) continue;
            if (!NS.equals(e.getNamespaceURI()) || !"PatientId".equals(e.getLocalName())) {
                throw new MalformedRequest("unexpected element {" + e.getNamespaceURI() + "}" + e.getLocalName());
            }
            if (patient != null) throw new MalformedRequest("more than one PatientId");
            patient = e.getTextContent().trim();
        }
        if (patient == null || patient.isEmpty()) throw new MalformedRequest("PatientId is missing or empty");
        return patient;
    }

    /** The response payload for a record status with the caller's consultation decision. */
    static Source answer(String askedPatient, AccessRules.RecordStatus s) {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(NS, "rs:" + RESPONSE);
        doc.appendChild(root);
        add(root, "PatientId", askedPatient);
        add(root, "Known", String.valueOf(s.known()));
        add(root, "State", s.state().name());
        if (s.stateSince() != null) add(root, "StateSince", s.stateSince().toString());
        if (s.reason() != null) add(root, "Reason", s.reason());
        add(root, "Activated", String.valueOf(s.activated()));
        AccessDecision c = s.consultation();
        Element consultation = add(root, "Consultation", c.reason());
        consultation.setAttribute("authorised", String.valueOf(c.allowed()));
        if (c.ruleId() != null) consultation.setAttribute("rule", c.ruleId());
        return new DOMSource(doc);
    }

    private static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(NS, "rs:" + name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }
}
