package org.passerelle.gateway.ws;

import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;

/**
 * Checks, once the body is read, that the request's patient is the one the caller's token was issued for (VIHF
 * resource-id, docs/vihf-air.md §6). A failure is answered with a SOAP Fault, like any other security failure.
 */
@FunctionalInterface
public interface PatientBinding {

    /** @param patientCx the request's patient, CX {@code id^^^&oid&ISO} */
    void check(Caller caller, String patientCx) throws AuthenticationFailure;

    PatientBinding NONE = (caller, patient) -> { };
}
