package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;

/** One CDA file ready to submit: its bytes, its header, and the DocumentEntry derived from it. */
public record CdaDocument(String name, byte[] content, CdaHeader header, DocumentEntry entry) {
}
