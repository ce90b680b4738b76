package org.passerelle.gateway.validation;

import jakarta.xml.bind.JAXBElement;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites, in place, the three French HL7 forms IPF's datatype validators refuse (docs/xds-fr-metadata.md §12) into
 * the IHE forms IPF accepts, so that IPF's validation can run on French metadata:
 * <ul>
 *   <li>CX with an identifier type code ({@code id^^^&oid&ISO^NH}) → {@code id^^^&oid&ISO} (patientId,
 *   sourcePatientId, stored-query patient id parameters);</li>
 *   <li>XON with XON.7 ({@code name^^^^^&oid&ISO^IDNST^^^id}) → XON.1, XON.6 and XON.10 only;</li>
 *   <li>coded authorSpecialty/authorRole {@code code^display^OID} → {@code code^^^&OID&ISO}.</li>
 * </ul>
 * Only a throwaway view is rewritten: the endpoints transform the request into IPF's model first, so what is stored
 * keeps the French forms.
 */
public final class FrenchFormNormaliser {

    private static final Set<String> PATIENT_ID_SCHEMES = Set.of(
            "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",   // DocumentEntry.patientId
            "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",   // SubmissionSet.patientId
            "urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a");  // Folder.patientId
    private static final Set<String> QUERY_PATIENT_SLOTS = Set.of("$XDSDocumentEntryPatientId",
            "$XDSSubmissionSetPatientId", "$XDSFolderPatientId", "$patientId");
    private static final Pattern CODED = Pattern.compile("^([^^&]+)\\^([^^&]*)\\^([0-2](\\.[0-9]+)+)$");

    private FrenchFormNormaliser() { }

    public static void normalise(SubmitObjectsRequest request) {
        if (request == null || request.getRegistryObjectList() == null) return;
        for (JAXBElement<? extends IdentifiableType> e : request.getRegistryObjectList().getIdentifiable()) {
            IdentifiableType object = e.getValue();
            normaliseSlots(object.getSlot());
            if (object instanceof RegistryObjectType ro) {
                for (ExternalIdentifierType id : ro.getExternalIdentifier()) {
                    if (PATIENT_ID_SCHEMES.contains(id.getIdentificationScheme())) id.setValue(cx(id.getValue()));
                }
                for (ClassificationType c : ro.getClassification()) normaliseSlots(c.getSlot());
            }
        }
    }

    public static void normalise(AdhocQueryRequest request) {
        if (request == null || request.getAdhocQuery() == null) return;
        for (SlotType1 slot : request.getAdhocQuery().getSlot()) {
            if (!QUERY_PATIENT_SLOTS.contains(slot.getName()) || slot.getValueList() == null) continue;
            List<String> values = slot.getValueList().getValue();
            for (int i = 0; i < values.size(); i++) values.set(i, quotedCx(values.get(i)));
        }
    }

    private static void normaliseSlots(List<SlotType1> slots) {
        for (SlotType1 slot : slots) {
            if (slot.getValueList() == null) continue;
            List<String> values = slot.getValueList().getValue();
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null) continue;
                switch (slot.getName()) {
                    case "sourcePatientId" -> values.set(i, cx(v));
                    case "authorInstitution" -> values.set(i, xon(v));
                    case "authorSpecialty", "authorRole" -> values.set(i, coded(v));
                    default -> { }
                }
            }
        }
    }

    /** Keeps CX.1 to CX.4: drops the identifier type code and anything after it. */
    static String cx(String value) {
        if (value == null) return null;
        String[] parts = value.split("\\^", -1);
        if (parts.length <= 4) return value;
        return String.join("^", parts[0], parts[1], parts[2], parts[3]);
    }

    /** The same on a quoted stored-query value, possibly a parenthesised list ('a','b'). */
    static String quotedCx(String value) {
        Matcher m = Pattern.compile("'([^']*)'").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement("'" + cx(m.group(1)) + "'"));
        m.appendTail(out);
        return out.toString();
    }

    /** Keeps XON.1, XON.6 and XON.10. */
    static String xon(String value) {
        String[] p = value.split("\\^", -1);
        if (p.length <= 6 || (p.length < 7 || p[6].isEmpty()) && (p.length < 8 || allEmpty(p, 7, 9))) return value;
        String name = p[0];
        String authority = p.length > 5 ? p[5] : "";
        String id = p.length > 9 ? p[9] : "";
        if (id.isEmpty()) return authority.isEmpty() ? name : name + "^^^^^" + authority;
        return name + "^^^^^" + authority + "^^^^" + id;
    }

    private static boolean allEmpty(String[] p, int from, int to) {
        for (int i = from; i <= to && i < p.length; i++) if (!p[i].isEmpty()) return false;
        return true;
    }

    static String coded(String value) {
        Matcher m = CODED.matcher(value);
        return m.matches() ? m.group(1) + "^^^&" + m.group(3) + "&ISO" : value;
    }
}
