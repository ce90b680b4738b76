package org.passerelle.cda.metadata;

import java.util.List;

/**
 * {@code recordTarget/patientRole}: all ids, the INS among them (null when none carries an INS OID),
 * the birth name, birth date ({@code YYYYMMDD…}) and administrative sex code.
 */
public record CdaPatient(List<Ii> ids, Ii ins, PersonName name, String birthTime, String gender) {
    public CdaPatient {
        ids = List.copyOf(ids);
    }
}
