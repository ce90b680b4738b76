package org.passerelle.cda.metadata;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v25.datatype.CX;
import ca.uhn.hl7v2.model.v25.datatype.XCN;
import ca.uhn.hl7v2.model.v25.datatype.XON;
import ca.uhn.hl7v2.model.v25.datatype.XPN;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XpnName;

/**
 * The HL7 v2 forms of the French profile (docs §3-4), built as HAPI composites wrapped in IPF objects.
 * IPF renders only the IHE components (CX.1/CX.4, XON.1/6/10); the full French form (CX.5 {@code NH},
 * XON.7 {@code IDNST}, specialty {@code code^display^OID}) stays in the wrapped composite and is written to the
 * wire by {@link FrenchEbXml}, or read back with {@link Hl7v2Based#rawRender}.
 */
public final class FrenchForms {
    public static final String PS_ID_OID = "1.2.250.1.71.4.2.1";
    public static final String STRUCTURE_ID_OID = "1.2.250.1.71.4.2.2";

    private FrenchForms() {
    }

    /** {@code matricule^^^&oid&ISO^NH}. */
    public static Identifiable insPatientId(Ii ins) {
        return cx(ins.extension(), ins.root(), "NH");
    }

    /** {@code id^^^&oid&ISO^PI}: a local patient identifier (IPP). */
    public static Identifiable localPatientId(Ii id) {
        return cx(id.extension(), id.root(), "PI");
    }

    public static Identifiable cx(String id, String oid, String typeCode) {
        Identifiable identifiable = new Identifiable();
        CX cx = identifiable.getHapiObject();
        try {
            cx.getCx1_IDNumber().setValue(id);
            cx.getCx4_AssigningAuthority().getHd2_UniversalID().setValue(oid);
            cx.getCx4_AssigningAuthority().getHd3_UniversalIDType().setValue("ISO");
            if (typeCode != null) {
                cx.getCx5_IdentifierTypeCode().setValue(typeCode);
            }
        } catch (DataTypeException e) {
            throw new IllegalArgumentException(e);
        }
        return identifiable;
    }

    /** {@code idnat^FAMILY^Given^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS} (XCN.9 = assigning authority of the id). */
    public static Person xcn(Ii id, PersonName name) {
        Person person = new Person();
        XCN xcn = person.getHapiObject();
        try {
            if (id != null) {
                xcn.getXcn1_IDNumber().setValue(id.extension() != null ? id.extension() : id.root());
                String oid = id.extension() != null ? id.root() : null;
                if (oid != null) {
                    xcn.getXcn9_AssigningAuthority().getHd2_UniversalID().setValue(oid);
                    xcn.getXcn9_AssigningAuthority().getHd3_UniversalIDType().setValue("ISO");
                }
                xcn.getXcn10_NameTypeCode().setValue("D");
                if (PS_ID_OID.equals(oid)) {
                    xcn.getXcn13_IdentifierTypeCode().setValue("IDNPS");
                }
            }
            if (name != null) {
                xcn.getXcn2_FamilyName().getFn1_Surname().setValue(name.family());
                xcn.getXcn3_GivenName().setValue(name.given());
            }
        } catch (DataTypeException e) {
            throw new IllegalArgumentException(e);
        }
        return person;
    }

    /** {@code NAME^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^idnat}. */
    public static Organization xon(CdaOrganization org) {
        Organization organization = new Organization();
        XON xon = organization.getHapiObject();
        try {
            xon.getXon1_OrganizationName().setValue(org.name());
            Ii id = org.id();
            if (id != null && id.extension() != null) {
                xon.getXon6_AssigningAuthority().getHd2_UniversalID().setValue(id.root());
                xon.getXon6_AssigningAuthority().getHd3_UniversalIDType().setValue("ISO");
                if (STRUCTURE_ID_OID.equals(id.root())) {
                    xon.getXon7_IdentifierTypeCode().setValue("IDNST");
                }
                xon.getXon10_OrganizationIdentifier().setValue(id.extension());
            }
        } catch (DataTypeException e) {
            throw new IllegalArgumentException(e);
        }
        return organization;
    }

    /** A coded value in the French slot notation {@code code^display^OID} (authorSpecialty, authorRole). */
    public static Identifiable codedSlot(CodedValue coded) {
        Identifiable identifiable = new Identifiable();
        CX cx = identifiable.getHapiObject();
        try {
            cx.getCx1_IDNumber().setValue(coded.code());
            cx.getCx2_CheckDigit().setValue(coded.displayName());
            cx.getCx3_CheckDigitScheme().setValue(coded.codeSystem());
        } catch (DataTypeException e) {
            throw new IllegalArgumentException(e);
        }
        return identifiable;
    }

    /** PID-5 form {@code FAMILY^Given^^^^^L}. */
    public static XpnName legalName(PersonName name) {
        XpnName xpnName = new XpnName();
        XPN xpn = xpnName.getHapiObject();
        try {
            xpn.getXpn1_FamilyName().getFn1_Surname().setValue(name.family());
            xpn.getXpn2_GivenName().setValue(name.given());
            xpn.getXpn7_NameTypeCode().setValue("L");
        } catch (DataTypeException e) {
            throw new IllegalArgumentException(e);
        }
        return xpnName;
    }

    /** The full French rendering of an IPF HL7 v2 based object (IPF's own rendering drops the French components). */
    public static String render(Hl7v2Based<?> value) {
        String s = Hl7v2Based.rawRender(value);
        // HAPI pads nothing, but trailing empty components may remain on some types
        return s == null ? null : s.replaceAll("\\^+$", "");
    }
}
