package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;

import java.io.IOException;
import java.util.List;

/**
 * A check of one document carried by ITI-41 against its metadata (CDA validation, CDA header vs metadata). A check
 * that reads the content must leave the document readable again (it may replace its DataHandler).
 */
public interface DocumentCheck {

    /** @return the RegistryErrors found; empty when the document passes */
    List<ErrorInfo> check(Document document) throws IOException;

    DocumentCheck NONE = document -> List.of();
}
