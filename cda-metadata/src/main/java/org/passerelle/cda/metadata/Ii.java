package org.passerelle.cda.metadata;

/** An HL7 v3 instance identifier ({@code II}): {@code @root} OID and optional {@code @extension}. */
public record Ii(String root, String extension) {

    /** The XDS uniqueId rule of the French profile: {@code root^extension} when there is an extension, else {@code root}. */
    public String asUniqueId() {
        return extension == null || extension.isEmpty() ? root : root + "^" + extension;
    }

    @Override
    public String toString() {
        return extension == null ? root : root + "@" + extension;
    }
}
