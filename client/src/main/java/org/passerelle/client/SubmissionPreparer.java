package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.CdaMetadataException;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.Severity;
import org.passerelle.cda.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns CDA files into an ITI-41 request the French way: validates each document first (when a validator is
 * given), reads its header, derives its metadata (with the sender's overrides), groups them in one submission set.
 */
public final class SubmissionPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionPreparer.class);

    private final CdaValidator validator;
    private final FrenchSubmission submission = new FrenchSubmission();

    /** @param validator the CDA validator to run before sending, or null to skip validation */
    public SubmissionPreparer(CdaValidator validator) {
        this.validator = validator;
    }

    public ProvideAndRegisterDocumentSet prepare(List<Path> cdaFiles, SubmissionOptions options) throws ClientException {
        if (cdaFiles.isEmpty()) {
            throw ClientFailure.USAGE.exception("no CDA file given");
        }
        List<CdaDocument> documents = new ArrayList<>();
        for (Path file : cdaFiles) {
            if (validator != null) {
                ValidationReport report = validator.validate(file);
                if (!report.valid()) {
                    Finding first = report.findings().stream()
                            .filter(f -> f.severity() == Severity.ERROR)
                            .findFirst().orElse(report.findings().isEmpty() ? null : report.findings().get(0));
                    throw ClientFailure.CDA_INVALID.exception(file, report.errorCount(),
                            first == null ? "(no detail)" : describe(first));
                }
                LOG.info("{}: valid CDA ({}, {} warnings)", file.getFileName(), report.ruleSets(), report.warningCount());
            }
            try {
                documents.add(submission.document(file, options.overrides()));
            } catch (CdaMetadataException e) {
                throw ClientFailure.CDA_METADATA.exception(e, file, e.getMessage());
            }
        }
        try {
            return submission.build(documents, options);
        } catch (CdaMetadataException e) {
            throw ClientFailure.CDA_METADATA.exception(e, "submission", e.getMessage());
        }
    }

    /** The ebXML metadata (SubmitObjectsRequest, French forms included) that {@code request} sends, indented. */
    public static String metadataXml(ProvideAndRegisterDocumentSet request) {
        return EbXmlText.of(FrenchSubmission.toEbXml(request).getInternal().getSubmitObjectsRequest());
    }

    private static String describe(Finding f) {
        return "[" + f.layer() + (f.ruleId() == null ? "" : " " + f.ruleId()) + "] " + f.message()
                + (f.location() == null ? "" : " at " + f.location())
                + (f.line() == null ? "" : " (line " + f.line() + ")");
    }

}
