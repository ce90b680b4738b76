package org.passerelle.vihf;

import javax.xml.namespace.QName;

/** A refused assertion: {@link #failure()} names the check, the message says what to fix. */
public class VihfException extends Exception {
    private final VihfFailure failure;

    public VihfException(VihfFailure failure, Object... args) {
        super(failure.format(args));
        this.failure = failure;
    }

    public VihfException(VihfFailure failure, Throwable cause, Object... args) {
        super(failure.format(args), cause);
        this.failure = failure;
    }

    public VihfFailure failure() { return failure; }

    /** The WS-Security fault code of the SOAP Fault. */
    public QName faultCode() { return failure.faultCode(); }
}
