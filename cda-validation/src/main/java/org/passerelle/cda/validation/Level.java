package org.passerelle.cda.validation;

/** CDA structuring level: N1 (unstructured body, nonXMLBody) or N3 (structured body with a CI-SIS volet). */
public enum Level { N1, N3, UNKNOWN }
