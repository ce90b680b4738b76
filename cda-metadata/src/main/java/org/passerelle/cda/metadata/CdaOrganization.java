package org.passerelle.cda.metadata;

/** A {@code representedOrganization}: national structure id and name. */
public record CdaOrganization(Ii id, String name) {
}
