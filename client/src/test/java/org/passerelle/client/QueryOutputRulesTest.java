package org.passerelle.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.PatientInfo;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XpnName;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What the client shows of a query answer: one line per document uniqueId, its current version, and never
 * the registry's identity traits of the patient (R-74, DMPi RG_0320).
 */
class QueryOutputRulesTest {

    static DocumentEntry entry(String uniqueId, String entryUuid, AvailabilityStatus status, String version, String title) {
        DocumentEntry e = new DocumentEntry();
        e.setUniqueId(uniqueId);
        e.setEntryUuid(entryUuid);
        e.setAvailabilityStatus(status);
        e.setVersion(new Version(version));
        e.setTitle(new LocalizedString(title));
        PatientInfo traits = new PatientInfo();
        traits.getNames().add(new XpnName("DUPONTEL", "Jeanne", null, null, null, null));
        traits.setDateOfBirth("19620315");
        traits.setGender("F");
        e.setSourcePatientInfo(traits);
        return e;
    }

    static QueryResponse answer(DocumentEntry... entries) {
        QueryResponse r = new QueryResponse(Status.SUCCESS);
        r.getDocumentEntries().addAll(List.of(entries));
        return r;
    }

    static String table(QueryResponse r) {
        StringWriter w = new StringWriter();
        new ResultPrinter(new PrintWriter(w, true)).queryTable(r);
        return w.toString();
    }

    static String json(QueryResponse r) {
        StringWriter w = new StringWriter();
        new ResultPrinter(new PrintWriter(w, true)).queryJson(r);
        return w.toString();
    }

    @Test
    @DisplayName("R-93: one document per uniqueId (its Approved, latest version), in table, JSON and the library")
    void r93DeduplicatedOnUniqueId() {
        QueryResponse r = answer(
                entry("1.2.3.1", "urn:uuid:v1", AvailabilityStatus.DEPRECATED, "1", "old title"),
                entry("1.2.3.2", "urn:uuid:other", AvailabilityStatus.APPROVED, "1", "other document"),
                entry("1.2.3.1", "urn:uuid:v2", AvailabilityStatus.APPROVED, "2", "current title"));
        String t = table(r);
        assertEquals(1, t.lines().filter(l -> l.startsWith("1.2.3.1")).count(), t);
        assertTrue(t.contains("urn:uuid:v2") && !t.contains("urn:uuid:v1"), t);
        assertTrue(t.contains("R-93"), t);
        String j = json(r);
        assertTrue(j.contains("urn:uuid:v2") && !j.contains("urn:uuid:v1") && j.contains("urn:uuid:other"), j);

        // the same CDA received by MSSanté and found in the DMP: one document
        DocumentEntry fromMssante = entry("1.2.3.2", "urn:uuid:mss", AvailabilityStatus.APPROVED, "1", "by MSSanté");
        List<DocumentEntry> merged = UniqueDocuments.of(List.of(fromMssante), r.getDocumentEntries());
        assertEquals(List.of("1.2.3.2", "1.2.3.1"), merged.stream().map(DocumentEntry::getUniqueId).toList());
        assertEquals("urn:uuid:mss", merged.get(0).getEntryUuid(), "first seen kept on a tie");
    }

    @Test
    @DisplayName("R-74: the registry's identity traits (sourcePatientInfo) are never printed as patient identity")
    void r74NoIdentityTraitsFromTheRegistry() {
        QueryResponse r = answer(entry("1.2.3.9", "urn:uuid:x", AvailabilityStatus.APPROVED, "1", "CR"));
        for (String out : List.of(table(r), json(r))) {
            assertFalse(out.contains("DUPONTEL"), out);
            assertFalse(out.contains("Jeanne"), out);
            assertFalse(out.contains("19620315"), out);
        }
        assertTrue(table(r).contains("not authoritative"), table(r));
    }
}
