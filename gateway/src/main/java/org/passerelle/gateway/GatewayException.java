package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;

import java.util.List;
import java.util.stream.Collectors;

/** A request refused with one or more ebRS RegistryErrors; the endpoint answers Failure and stores nothing. */
public class GatewayException extends RuntimeException {
    private final List<ErrorInfo> errors;

    public GatewayException(ErrorInfo error) {
        this(List.of(error));
    }

    public GatewayException(List<ErrorInfo> errors) {
        super(errors.stream().map(e -> e.getErrorCode() + ": " + e.getCodeContext()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ErrorInfo> errors() { return errors; }
}
