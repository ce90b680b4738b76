package org.passerelle.cda.metadata;

/**
 * One {@code author/assignedAuthor}: PS national id, name (null for a device author), specialty
 * ({@code assignedAuthor/code}), role ({@code functionCode}), institution and {@code author/time}.
 */
public record CdaAuthor(Ii id, PersonName name, CodedValue specialty, CodedValue function,
                        CdaOrganization organization, String time) {
}
