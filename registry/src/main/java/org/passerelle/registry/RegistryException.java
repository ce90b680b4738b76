package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;

import java.util.List;

/** Aborts a store operation (and rolls its transaction back); the errors go into the IPF response. */
final class RegistryException extends RuntimeException {
    private final List<ErrorInfo> errors;

    RegistryException(ErrorInfo error) {
        this(List.of(error));
    }

    RegistryException(List<ErrorInfo> errors) {
        super(errors.isEmpty() ? "registry failure" : errors.get(0).getErrorCode() + ": " + errors.get(0).getCodeContext(),
                null, false, false);
        this.errors = List.copyOf(errors);
    }

    List<ErrorInfo> errors() { return errors; }
}
