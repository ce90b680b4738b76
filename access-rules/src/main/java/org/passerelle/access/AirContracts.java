package org.passerelle.access;

import java.util.Optional;

/** Reads the AIR engagement contracts. */
@FunctionalInterface
public interface AirContracts {

    Optional<AirContract> forEstablishment(String structureId);

    /** No contract anywhere: every AIR access is refused. */
    AirContracts NONE = id -> Optional.empty();
}
