package org.passerelle.cda.validation.internal;

import net.sf.saxon.s9api.XdmNode;

/**
 * A document parsed once into a Saxon tree with line numbers; all schematron layers run on this tree.
 *
 * @param tree           the document node (for a self-presenting document, the embedded ClinicalDocument only)
 * @param rootName       the root element of the file as {@code {ns}local}
 * @param selfPresenting true when the file's root is xsl:stylesheet with an embedded ClinicalDocument
 * @param truncatedChars characters of very long text nodes not kept in the tree (0 normally), see
 *                       {@link ClinicalDocumentFilter#MAX_TEXT_CHARS}
 * @param truncatedLine  line of the first truncated text node, or -1
 * @param bodyOmitted    true when the tree holds ClinicalDocument/component/structuredBody without its content
 */
public record ParsedDocument(XdmNode tree, String rootName, boolean selfPresenting, long truncatedChars, int truncatedLine,
                             boolean bodyOmitted) {
    /** Longest text node kept in the tree (memory bound for large embedded PDFs; the XSD layer still reads all). */
    public static final int MAX_TEXT_CHARS = ClinicalDocumentFilter.MAX_TEXT_CHARS;

    public boolean isCda() {
        return ("{" + ClinicalDocumentFilter.CDA_NS + "}ClinicalDocument").equals(rootName) || selfPresenting;
    }
}
