package org.passerelle.conformance.run;

import java.util.Map;
import org.w3c.dom.Element;

/**
 * What one executed step published for later steps (the toolkit's log.xml, reduced): the AssignedUids /
 * AssignedUuids maps, the patient id it used, its named reports, and the metadata it sent and received (for
 * ReferenceMetadata and Assertions).
 */
public record StepLog(String test, String section, String step, Map<String, String> assignedUids,
                      Map<String, String> assignedUuids, String patientId, Map<String, String> reports,
                      String transactionElement, Element inputMetadata, Element result) {
}
