package org.passerelle.gateway.security;

import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.vihf.CodedValue;
import org.passerelle.vihf.InsIdentifier;
import org.passerelle.vihf.Saml;
import org.passerelle.vihf.VerifiedAssertion;
import org.passerelle.vihf.VihfException;
import org.passerelle.vihf.VihfFailure;
import org.passerelle.vihf.VihfVerifier;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * The gateway's {@link RequestAuthenticator} for the VIHF (fr-dmp) and IHE XUA (ihe) profiles: runs the
 * {@link VihfVerifier} on the SOAP Header and the TLS client certificate, and turns the verified assertion into a
 * {@link Caller}. A refusal becomes an {@link AuthenticationFailure} carrying the WS-Security fault code of the
 * {@link VihfFailure} and its message (the gateway's security interceptor logs, audits and faults it).
 * <p>
 * The request's patient is not known at this point (the body is not read yet): the gateway calls
 * {@link #checkPatient(Caller, String)} once it is, or the access rules compare {@link Caller#resourceId()}.
 * Thread-safe.
 */
public final class VihfRequestAuthenticator implements RequestAuthenticator {

    /** The header a security interceptor must declare understood (it comes with soap:mustUnderstand). */
    public static final QName WSSE_SECURITY = new QName(Saml.WSSE_NS, "Security");
    public static final Set<QName> UNDERSTOOD_HEADERS = Set.of(WSSE_SECURITY);

    private final VihfVerifier verifier;

    public VihfRequestAuthenticator(VihfVerifier verifier) {
        this.verifier = verifier;
    }

    public VihfVerifier verifier() {
        return verifier;
    }

    @Override
    public Caller authenticate(Transaction transaction, Element soapHeader, X509Certificate tlsClientCert)
            throws AuthenticationFailure {
        if (soapHeader == null) {
            throw failure(new VihfException(VihfFailure.NO_SECURITY_HEADER));
        }
        try {
            return toCaller(verifier.verify(soapHeader, tlsClientCert, transaction.id(), null));
        } catch (VihfException e) {
            throw failure(e);
        }
    }

    /** The caller of a verified assertion: every value comes from the verified element. */
    public static Caller toCaller(VerifiedAssertion v) {
        CodedValue profession = v.profession();
        CodedValue specialty = v.specialty();
        String structure = v.structureId() != null ? v.structureId() : v.establishmentId();
        return new Caller(v.nameId(), v.subjectName(), structure, profession == null ? null : profession.code(),
                specialty == null ? null : specialty.code(), v.roles().stream().map(CodedValue::key).toList(),
                v.authenticationMode(), v.purposeOfUse() == null ? null : v.purposeOfUse().code(), v.resourceId(),
                v.id(), v.tlsClientCertificate(), v.attributes());
    }

    /**
     * The VIHF resource-id must be the patient of the request (docs/vihf-air.md §6 check 11): id and assigning
     * authority compared. Anonymous callers and callers without resource-id (IHE XUA) are not checked.
     */
    public static void checkPatient(Caller caller, String requestPatientId) throws AuthenticationFailure {
        if (caller.isAnonymous() || caller.resourceId() == null || requestPatientId == null) return;
        if (!InsIdentifier.samePatient(caller.resourceId(), requestPatientId)) {
            throw failure(new VihfException(VihfFailure.PATIENT_MISMATCH, caller.resourceId(), requestPatientId));
        }
    }

    static AuthenticationFailure failure(VihfException e) {
        return new AuthenticationFailure(e.faultCode(), e.failure().name() + ": " + e.getMessage(), e);
    }

    /** The failures a caller may see, for documentation (fault code per failure). */
    public static List<VihfFailure> catalogue() {
        return List.of(VihfFailure.values());
    }
}
