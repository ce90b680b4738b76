package org.passerelle.conformance.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.Xml;
import org.passerelle.conformance.metadata.Namespaces;
import org.passerelle.conformance.plan.PlanModel.ContentCheck;
import org.w3c.dom.Element;

/**
 * The ExpectedContents checks of the NIST toolkit (its engine Validator) over a query response: object counts,
 * submission patterns (SSwithOneDoc, ...), availability status. Returns every problem found, empty when all hold.
 */
public final class ContentsChecker {

    /** Resolves a UseId element nested in ExpectedContents (12000.1a MustOnlyInclude). */
    public interface UseIdResolver {
        String resolve(Element useId) throws StepException;
    }

    /** The objects of a response, classified as the toolkit's Metadata class does. */
    record Objects(List<Element> docs, List<Element> submissionSets, List<Element> folders, List<Element> associations,
                   List<Element> objectRefs) {

        static Objects of(Element response) {
            Element list = Xml.descendants(response, "RegistryObjectList").stream().findFirst().orElse(null);
            List<Element> docs = new ArrayList<>(), ss = new ArrayList<>(), fol = new ArrayList<>();
            List<Element> assocs = new ArrayList<>(), refs = new ArrayList<>();
            if (list == null) return new Objects(docs, ss, fol, assocs, refs);
            Set<String> ssIds = new HashSet<>(), folIds = new HashSet<>();
            for (Element c : Xml.descendants(list, "Classification")) {
                if (Namespaces.SS_CLASS_NODE.equals(c.getAttribute("classificationNode"))) ssIds.add(c.getAttribute("classifiedObject"));
                if (Namespaces.FOL_CLASS_NODE.equals(c.getAttribute("classificationNode"))) folIds.add(c.getAttribute("classifiedObject"));
            }
            for (Element e : Xml.children(list)) {
                switch (e.getLocalName()) {
                    case "ExtrinsicObject" -> docs.add(e);
                    case "Association" -> assocs.add(e);
                    case "ObjectRef" -> refs.add(e);
                    case "RegistryPackage" -> {
                        String id = e.getAttribute("id");
                        boolean isSs = ssIds.contains(id) || hasIdentifier(e, Namespaces.SS_UNIQUE_ID);
                        boolean isFol = folIds.contains(id) || hasIdentifier(e, Namespaces.FOL_UNIQUE_ID);
                        if (isSs) ss.add(e); else if (isFol) fol.add(e);
                    }
                    default -> { }
                }
            }
            return new Objects(docs, ss, fol, assocs, refs);
        }

        private static boolean hasIdentifier(Element pkg, String scheme) {
            return Xml.children(pkg, "ExternalIdentifier").stream().anyMatch(x -> scheme.equals(x.getAttribute("identificationScheme")));
        }
    }

    public List<String> check(List<ContentCheck> checks, Element response, UseIdResolver resolver) throws StepException {
        Objects m = Objects.of(response);
        List<String> errs = new ArrayList<>();
        for (ContentCheck c : checks) {
            switch (c.name()) {
                case "SSwithOneDoc" -> {
                    if (count(errs, "SubmissionSets", m.submissionSets().size(), 1) & count(errs, "Documents", m.docs().size(), 1)
                            & count(errs, "Associations", m.associations().size(), 1)) {
                        hasAssociation(errs, m, m.submissionSets().get(0), m.docs().get(0), "HasMember");
                    }
                    ssApproved(errs, m);
                }
                case "SSwithTwoDoc" -> {
                    if (count(errs, "SubmissionSets", m.submissionSets().size(), 1) & count(errs, "Documents", m.docs().size(), 2)
                            & count(errs, "Associations", m.associations().size(), 2)) {
                        hasAssociation(errs, m, m.submissionSets().get(0), m.docs().get(0), "HasMember");
                        hasAssociation(errs, m, m.submissionSets().get(0), m.docs().get(1), "HasMember");
                    }
                    ssApproved(errs, m);
                }
                case "SSwithOneFol" -> {
                    if (count(errs, "SubmissionSets", m.submissionSets().size(), 1) & count(errs, "Documents", m.docs().size(), 0)
                            & count(errs, "Folders", m.folders().size(), 1)
                            & count(errs, "Associations", m.associations().size(), 1)) {
                        hasAssociation(errs, m, m.submissionSets().get(0), m.folders().get(0), "HasMember");
                    }
                }
                case "SSwithOneDocOneFol" -> folderPattern(errs, m, 1, 4);
                case "SSwithTwoDocOneFol" -> folderPattern(errs, m, 2, 7);
                case "SSwithTwoDocOneFolOneDocInFol" -> {
                    if (count(errs, "SubmissionSets", m.submissionSets().size(), 1) & count(errs, "Documents", m.docs().size(), 2)
                            & count(errs, "Folders", m.folders().size(), 1)) {
                        count(errs, "Associations", m.associations().size(), 5);
                    }
                }
                case "SSApproved" -> ssApproved(errs, m);
                case "DocApp" -> status(errs, m.docs(), "Approved", true);
                case "DocDep" -> status(errs, m.docs(), "Deprecated", false);
                case "FolApp" -> status(errs, m.folders(), "Approved", false);
                case "OneDocApp" -> exactlyOne(errs, m.docs(), "Approved");
                case "OneDocDep" -> exactlyOne(errs, m.docs(), "Deprecated");
                case "HasXFRM", "HasXFRM_RPLC", "HasRPLC", "HasAPND" -> {
                    String type = c.name().substring(3);
                    if (m.associations().stream().noneMatch(a -> simpleType(a).equals(type))) {
                        errs.add("no " + type + " association in the response");
                    }
                }
                case "None" -> {
                    count(errs, "SubmissionSets", m.submissionSets().size(), 0);
                    count(errs, "Documents", m.docs().size(), 0);
                    count(errs, "Folders", m.folders().size(), 0);
                    count(errs, "Associations", m.associations().size(), 0);
                }
                case "NoSubmissionSet" -> count(errs, "SubmissionSets", m.submissionSets().size(), 0);
                case "NoDocument" -> count(errs, "Documents", m.docs().size(), 0);
                case "ObjectRefs" -> {
                    count(errs, "ObjectRefs", m.objectRefs().size(), required(c));
                    count(errs, "SubmissionSets", m.submissionSets().size(), 0);
                    count(errs, "Documents", m.docs().size(), 0);
                    count(errs, "Folders", m.folders().size(), 0);
                    count(errs, "Associations", m.associations().size(), 0);
                }
                case "Documents" -> count(errs, "Documents", m.docs().size(), required(c));
                case "Folders" -> count(errs, "Folders", m.folders().size(), required(c));
                case "SubmissionSets" -> count(errs, "SubmissionSets", m.submissionSets().size(), required(c));
                case "Associations" -> count(errs, "Associations", m.associations().size(), required(c));
                case "DocumentEntries" -> documentEntries(errs, m, c, resolver);
                default -> errs.add("ExpectedContents <" + c.name() + "> is not supported by this runner");
            }
        }
        return errs;
    }

    private static int required(ContentCheck c) {
        if (c.count() == null) throw new IllegalArgumentException("<" + c.name() + "> needs a count attribute");
        return c.count();
    }

    private static boolean count(List<String> errs, String what, int found, int expected) {
        if (found != expected) {
            errs.add("found " + found + " " + what + " instead of " + expected);
            return false;
        }
        return true;
    }

    private static String simpleType(Element assoc) {
        String t = assoc.getAttribute("associationType");
        return t.substring(t.lastIndexOf(':') + 1);
    }

    private static String simpleStatus(Element e) {
        String s = e.getAttribute("status");
        return s.substring(s.lastIndexOf(':') + 1);
    }

    private static Element hasAssociation(List<String> errs, Objects m, Element source, Element target, String type) {
        Element a = findAssociation(m, source.getAttribute("id"), Set.of(target.getAttribute("id")), type);
        if (a == null) {
            errs.add(type + " association missing from " + describe(source) + " to " + describe(target));
        }
        return a;
    }

    private static Element findAssociation(Objects m, String sourceId, Set<String> targetIds, String type) {
        for (Element a : m.associations()) {
            if (a.getAttribute("sourceObject").equals(sourceId) && targetIds.contains(a.getAttribute("targetObject"))
                    && simpleType(a).equals(type)) {
                return a;
            }
        }
        return null;
    }

    private static String describe(Element e) {
        return e.getLocalName() + " " + e.getAttribute("id");
    }

    private static void folderPattern(List<String> errs, Objects m, int docs, int assocs) {
        if (!(count(errs, "SubmissionSets", m.submissionSets().size(), 1) & count(errs, "Documents", m.docs().size(), docs)
                & count(errs, "Folders", m.folders().size(), 1))) {
            return;
        }
        count(errs, "Associations", m.associations().size(), assocs);
        Element ss = m.submissionSets().get(0);
        Element fol = m.folders().get(0);
        hasAssociation(errs, m, ss, fol, "HasMember");
        for (Element d : m.docs()) {
            hasAssociation(errs, m, ss, d, "HasMember");
            Element folDoc = hasAssociation(errs, m, fol, d, "HasMember");
            if (folDoc != null && findAssociation(m, ss.getAttribute("id"), Set.of(folDoc.getAttribute("id")), "HasMember") == null) {
                errs.add("HasMember association missing from the SubmissionSet to the Folder-Document association " + folDoc.getAttribute("id"));
            }
        }
    }

    private static void ssApproved(List<String> errs, Objects m) {
        if (m.submissionSets().isEmpty()) {
            errs.add("no SubmissionSet in the response");
            return;
        }
        Element ss = m.submissionSets().get(0);
        if (!"Approved".equals(simpleStatus(ss))) errs.add("SubmissionSet " + ss.getAttribute("id") + " has status '"
                + ss.getAttribute("status") + "' instead of Approved");
    }

    private static void status(List<String> errs, List<Element> objects, String expected, boolean needOne) {
        if (needOne && objects.isEmpty()) {
            errs.add("no DocumentEntry in the response to check for status " + expected);
        }
        for (Element e : objects) {
            if (!expected.equals(simpleStatus(e))) {
                errs.add(describe(e) + " has status '" + e.getAttribute("status") + "' instead of " + expected);
            }
        }
    }

    private static void exactlyOne(List<String> errs, List<Element> docs, String expected) {
        long n = docs.stream().filter(d -> expected.equals(simpleStatus(d))).count();
        if (n != 1) errs.add("found " + n + " " + expected + " DocumentEntries instead of one");
    }

    private static void documentEntries(List<String> errs, Objects m, ContentCheck c, UseIdResolver resolver) throws StepException {
        if (c.count() != null) count(errs, "DocumentEntries", m.docs().size(), c.count());
        Element must = Xml.child(c.element(), "MustOnlyInclude");
        if (must == null) return;
        Set<String> expected = new HashSet<>();
        for (Element de : Xml.children(must, "DocumentEntry")) {
            Element useId = Xml.child(de, "UseId");
            String id = useId == null ? null : resolver.resolve(useId);
            Element type = Xml.child(de, "DocumentEntryType");
            Element found = null;
            for (Element d : m.docs()) {
                if (id == null || id.equals(d.getAttribute("id"))) found = d;
            }
            if (found == null) {
                errs.add("DocumentEntry " + id + " missing from the response");
                continue;
            }
            expected.add(found.getAttribute("id"));
            if (type != null && !type.getTextContent().trim().equals(found.getAttribute("objectType"))) {
                errs.add("DocumentEntry " + id + " has objectType " + found.getAttribute("objectType") + " instead of "
                        + type.getTextContent().trim());
            }
        }
        for (Element d : m.docs()) {
            if (!expected.contains(d.getAttribute("id"))) errs.add("unexpected DocumentEntry " + d.getAttribute("id"));
        }
    }
}
