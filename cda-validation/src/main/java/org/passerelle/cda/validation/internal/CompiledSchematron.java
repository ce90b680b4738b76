package org.passerelle.cda.validation.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.saxon.s9api.XsltExecutable;
import org.passerelle.cda.validation.Finding;

/**
 * A schematron compiled once per process: the validation stylesheet (thread-safe; one transformer per run), what the
 * compilation had to work around in the kit, and which documents each pattern reads (to name the rules a missing
 * file disables).
 *
 * @param name          rule set name used in layers, e.g. "StrucMin" or "CI-SIS_BIO-CR-BIO_2024.01"
 * @param source        the .sch location (its URI is the stylesheet's base URI)
 * @param executable    the compiled validation stylesheet
 * @param compileIssues kit findings raised at compile time (missing or case-mismatched includes)
 * @param patternReads  pattern id → documents (absolute paths) its rules read through document()/doc()
 * @param xslt          the generated validation stylesheet text, when kept (null by default, to save memory)
 */
public record CompiledSchematron(String name, String source, XsltExecutable executable, List<Finding> compileIssues,
                                 Map<String, Set<String>> patternReads, String xslt) {
}
