package org.passerelle.cda.metadata;

/** {@code legalAuthenticator/assignedEntity}: id, name, signature time. */
public record CdaLegalAuthenticator(Ii id, PersonName name, String time) {
}
