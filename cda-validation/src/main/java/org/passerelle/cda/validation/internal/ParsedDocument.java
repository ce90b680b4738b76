package org.passerelle.cda.validation.internal;

import net.sf.saxon.s9api.XdmNode;

/**
 * A document parsed once into a Saxon tree with line numbers; all schematron layers run on this tree.
 *
 * @param tree           the document node (for a self-presenting document, the embedded ClinicalDocument only)
 * @param rootName       the root element of the file as {@code {ns}local}
 * @param selfPresenting true when the file's root is xsl:stylesheet with an embedded ClinicalDocument
 */
public record ParsedDocument(XdmNode tree, String rootName, boolean selfPresenting) {
    public boolean isCda() {
        return ("{" + ClinicalDocumentFilter.CDA_NS + "}ClinicalDocument").equals(rootName) || selfPresenting;
    }
}
