package org.passerelle.cda.metadata;

/** A person's name as read from a CDA {@code name}: the family name and first given name that the metadata use. */
public record PersonName(String family, String given, String prefix) {
}
