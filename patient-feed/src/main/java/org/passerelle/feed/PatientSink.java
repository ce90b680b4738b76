package org.passerelle.feed;

/**
 * Where the feed registers patients. The gateway adapts it to the registry's {@code PatientRegistry.register}.
 * An exception thrown here is answered with ACK AE (application internal error) and the message is not lost for
 * the sender: it sees the failure and may resend.
 */
@FunctionalInterface
public interface PatientSink {

    /**
     * @param patientIdCx canonical CX {@code id^^^&oid&ISO}
     * @param name PID-5 as {@code FAMILY^Given} (may be null)
     */
    void register(String patientIdCx, String name);
}
