package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.conformance.plan.PlanModel.ContentCheck;
import org.passerelle.conformance.run.ContentsChecker;
import org.w3c.dom.Element;

class ContentsCheckerTest {

    private static final String HEAD = "<query:AdhocQueryResponse xmlns:query='urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0'"
            + " xmlns:rim='urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0' status='urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success'>"
            + "<rim:RegistryObjectList>";
    private static final String TAIL = "</rim:RegistryObjectList></query:AdhocQueryResponse>";
    private static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";

    private static String doc(String id, String status) {
        return "<rim:ExtrinsicObject id='" + id + "' status='" + status + "' objectType='urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1'/>";
    }

    private static String ss(String id) {
        return "<rim:RegistryPackage id='" + id + "' status='" + APPROVED + "'><rim:ExternalIdentifier id='ei" + id
                + "' registryObject='" + id + "' identificationScheme='urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8' value='1.2.3'/></rim:RegistryPackage>";
    }

    private static String folder(String id) {
        return "<rim:RegistryPackage id='" + id + "' status='" + APPROVED + "'/><rim:Classification id='c" + id + "' classifiedObject='"
                + id + "' classificationNode='urn:uuid:d9d542f3-6cc4-48b6-8870-ea235fbc94c2'/>";
    }

    private static String assoc(String id, String source, String target, String type) {
        return "<rim:Association id='" + id + "' sourceObject='" + source + "' targetObject='" + target
                + "' associationType='urn:oasis:names:tc:ebxml-regrep:AssociationType:" + type + "'/>";
    }

    private static List<String> check(String body, ContentCheck... checks) throws Exception {
        Element response = Xml.parse(HEAD + body + TAIL).getDocumentElement();
        return new ContentsChecker().check(List.of(checks), response, e -> {
            throw new AssertionError("no UseId expected");
        });
    }

    private static ContentCheck c(String name) { return new ContentCheck(name, null, null); }
    private static ContentCheck c(String name, int n) { return new ContentCheck(name, n, null); }

    @Test
    void submissionSetWithOneDocument() throws Exception {
        String good = ss("ss") + doc("d1", APPROVED) + assoc("a1", "ss", "d1", "HasMember");
        assertEquals(List.of(), check(good, c("SSwithOneDoc"), c("DocApp"), c("Documents", 1), c("SubmissionSets", 1)));

        List<String> noAssoc = check(ss("ss") + doc("d1", APPROVED) + assoc("a1", "d1", "ss", "HasMember"), c("SSwithOneDoc"));
        assertEquals(1, noAssoc.size(), noAssoc.toString());
        assertTrue(noAssoc.get(0).contains("HasMember association missing"), noAssoc.toString());

        List<String> deprecated = check(good.replace(APPROVED + "' objectType", "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated' objectType"), c("DocApp"));
        assertTrue(deprecated.get(0).contains("instead of Approved"), deprecated.toString());
    }

    @Test
    void countsAndObjectRefs() throws Exception {
        List<String> errs = check(doc("d1", APPROVED) + doc("d2", APPROVED), c("Documents", 5));
        assertEquals(List.of("found 2 Documents instead of 5"), errs);
        assertEquals(List.of(), check("<rim:ObjectRef id='urn:uuid:1'/><rim:ObjectRef id='urn:uuid:2'/>", c("ObjectRefs", 2)));
        assertEquals(List.of("found 1 Documents instead of 0"), check(doc("d1", APPROVED), c("None")));
        assertEquals(List.of(), check("", c("None"), c("NoSubmissionSet"), c("NoDocument")));
    }

    @Test
    void folderPatterns() throws Exception {
        String body = ss("ss") + doc("d1", APPROVED) + folder("f") + assoc("a1", "ss", "d1", "HasMember")
                + assoc("a2", "ss", "f", "HasMember") + assoc("a3", "f", "d1", "HasMember") + assoc("a4", "ss", "a3", "HasMember");
        assertEquals(List.of(), check(body, c("SSwithOneDocOneFol"), c("Folders", 1)));
        List<String> errs = check(body.replace(assoc("a4", "ss", "a3", "HasMember"), ""), c("SSwithOneDocOneFol"));
        assertTrue(errs.stream().anyMatch(e -> e.contains("Folder-Document association")), errs.toString());
    }
}
