package org.passerelle.gateway.ws;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.passerelle.access.AccessFailure;
import org.passerelle.gateway.access.DmpAccessDenied;
import org.passerelle.gateway.spi.AccessDenied;

import static org.junit.jupiter.api.Assertions.*;

/** Access refusals become RegistryErrors with the ebRS code their rule names and codeContext "R-xx: …". */
class AccessErrorTest {

    @Test
    void closedRecordIsUnknownPatientId() {
        ErrorInfo e = XdsTransactions.accessError(new DmpAccessDenied(AccessFailure.RECORD_CLOSED.deny("P1", "CLOSED")), null);
        assertEquals(ErrorCode.UNKNOWN_PATIENT_ID, e.getErrorCode());
        assertTrue(e.getCodeContext().startsWith("R-02: the record of patient P1 is CLOSED"), e.getCodeContext());
    }

    @Test
    void retrieveOfDeletedDocumentIsDocumentUniqueIdError() {
        ErrorInfo e = XdsTransactions.accessError(new DmpAccessDenied(AccessFailure.DOCUMENT_DELETED.deny("1.2.3")), "1.2.3");
        assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, e.getErrorCode());
        assertEquals("1.2.3", e.getLocation());
        assertTrue(e.getCodeContext().startsWith("R-50: document 1.2.3 was deleted"), e.getCodeContext());
    }

    @Test
    void otherRefusalsAreRegistryErrors() {
        ErrorInfo dmp = XdsTransactions.accessError(new DmpAccessDenied(AccessFailure.DELETE_NOT_AUTHOR.deny("1.2.3", "81")), null);
        assertEquals(ErrorCode.REGISTRY_ERROR, dmp.getErrorCode());
        assertTrue(dmp.getCodeContext().startsWith("R-50: "), dmp.getCodeContext());
        ErrorInfo plain = XdsTransactions.accessError(new AccessDenied("R-99", "local rule"), null);
        assertEquals(ErrorCode.REGISTRY_ERROR, plain.getErrorCode());
        assertEquals("R-99: local rule", plain.getCodeContext());
    }
}
