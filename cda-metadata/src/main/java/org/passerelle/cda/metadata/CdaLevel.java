package org.passerelle.cda.metadata;

/** CDA R2 structuring level: N1 = {@code nonXMLBody} (embedded PDF, text, image), N3 = {@code structuredBody}. */
public enum CdaLevel { N1, N3 }
