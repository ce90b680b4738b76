package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.util.List;

/** A check of one document carried by ITI-41 against its metadata (CDA validation, CDA header vs metadata). */
public interface DocumentCheck {

    /** @return the RegistryErrors found; empty when the document passes */
    List<ErrorInfo> check(DocumentEntry entry, DataHandler content) throws IOException;

    DocumentCheck NONE = (entry, content) -> List.of();
}
