package org.passerelle.access;

import java.time.Instant;

/** an establishment's AIR engagement contract with the CNAM. {@code until} null = open-ended. */
public record AirContract(String structureId, Instant from, Instant until, String reference) {

    public AirContract {
        if (structureId == null || structureId.isBlank() || from == null) throw new IllegalArgumentException("an AIR contract needs an establishment and a start");
        if (until != null && !until.isAfter(from)) throw new IllegalArgumentException("the AIR contract ends before it starts");
    }

    public boolean validAt(Instant t) { return !t.isBefore(from) && (until == null || t.isBefore(until)); }
}
