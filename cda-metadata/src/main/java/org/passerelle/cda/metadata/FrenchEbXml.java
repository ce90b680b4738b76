package org.passerelle.cda.metadata;

import jakarta.xml.bind.JAXBElement;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the French HL7 v2 forms into ebXML produced by IPF's transformers. IPF renders patient ids as CX.1+CX.4,
 * institutions as XON.1/6/10 and specialties as CX; the French profile wants {@code ^NH}, {@code IDNST} and
 * {@code code^display^OID}. The IPF objects built by {@link FrenchForms} keep those components, so every value IPF
 * wrote is replaced by the full rendering of the same object.
 */
public final class FrenchEbXml {
    private static final Set<String> PATIENT_ID_SCHEMES = Set.of(
            "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",   // DocumentEntry.patientId
            "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",   // SubmissionSet.patientId
            "urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a");  // Folder.patientId
    private static final Set<String> SLOTS = Set.of("sourcePatientId", "authorInstitution", "authorSpecialty",
            "authorRole", "authorPerson", "legalAuthenticator");

    private FrenchEbXml() {
    }

    /** Rewrites, in place, the values of {@code objects} (ebRIM registry object list of an ITI-41/42/57 request). */
    public static void apply(RegistryObjectListType objects, Collection<? extends XDSMetaClass> model) {
        Map<String, String> french = renderings(model);
        if (french.isEmpty() || objects == null) {
            return;
        }
        for (JAXBElement<? extends IdentifiableType> element : objects.getIdentifiable()) {
            IdentifiableType object = element.getValue();
            rewriteSlots(object.getSlot(), french);
            if (object instanceof RegistryObjectType ro) {
                for (ExternalIdentifierType ei : ro.getExternalIdentifier()) {
                    if (PATIENT_ID_SCHEMES.contains(ei.getIdentificationScheme()) && french.containsKey(ei.getValue())) {
                        ei.setValue(french.get(ei.getValue()));
                    }
                }
                for (ClassificationType c : ro.getClassification()) {
                    rewriteSlots(c.getSlot(), french);
                }
            }
        }
    }

    /** IPF rendering → French rendering, for every HL7 v2 value of the given metadata objects. */
    static Map<String, String> renderings(Collection<? extends XDSMetaClass> model) {
        Map<String, String> out = new HashMap<>();
        for (XDSMetaClass m : model) {
            put(out, m.getPatientId());
            List<Author> authors = List.of();
            if (m instanceof DocumentEntry e) {
                put(out, e.getSourcePatientId());
                put(out, e.getLegalAuthenticator());
                authors = e.getAuthors();
            } else if (m instanceof SubmissionSet s) {
                authors = s.getAuthors();
            }
            for (Author a : authors) {
                put(out, a.getAuthorPerson());
                a.getAuthorInstitution().forEach(o -> put(out, o));
                a.getAuthorSpecialty().forEach(i -> put(out, i));
                a.getAuthorRole().forEach(i -> put(out, i));
            }
        }
        out.entrySet().removeIf(en -> en.getKey() == null || en.getKey().equals(en.getValue()));
        return out;
    }

    private static void put(Map<String, String> out, Hl7v2Based<?> value) {
        if (value != null) {
            String ipf = Hl7v2Based.render(value);
            String fr = FrenchForms.render(value);
            if (ipf != null && fr != null) {
                out.putIfAbsent(ipf, fr);
            }
        }
    }

    private static void rewriteSlots(List<SlotType1> slots, Map<String, String> french) {
        for (SlotType1 slot : slots) {
            if (SLOTS.contains(slot.getName()) && slot.getValueList() != null) {
                List<String> values = slot.getValueList().getValue();
                values.replaceAll(v -> french.getOrDefault(v, v));
            }
        }
    }
}
