package org.passerelle.gateway.validation;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.passerelle.cda.metadata.CdaHeader;
import org.passerelle.cda.metadata.CdaHeaderReader;
import org.passerelle.cda.metadata.CdaMetadataException;
import org.passerelle.cda.metadata.HeaderMetadataCheck;
import org.passerelle.cda.metadata.Mismatch;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.cda.validation.Finding;
import org.passerelle.cda.validation.ValidationReport;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayFailure;
import org.passerelle.gateway.perf.CdaHeaderSlice;
import org.w3c.dom.Element;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fr-dmp checks of a CDA document carried by ITI-41: CDA validation (module cda-validation: embedded rules or the
 * ANS kit), then CDA header against the DocumentEntry (module cda-metadata: patient, typeCode, creationTime in UTC,
 * confidentiality, author). Documents that are not CDA (other mime types, the XAdES submission-set signature) pass.
 */
public final class CdaDocumentCheck implements DocumentCheck {

    private static final Set<String> CDA_MIME_TYPES = Set.of("text/xml", "application/xml", "application/xslt+xml");
    private static final int MAX_REPORTED = 10;

    private final CdaValidator validator;
    private final CdaHeaderReader headerReader = new CdaHeaderReader();

    /** @param validator the CDA validator, or null to check only the header against the metadata */
    public CdaDocumentCheck(CdaValidator validator) {
        this.validator = validator;
    }

    @Override
    public List<ErrorInfo> check(Document document) throws IOException {
        DocumentEntry entry = document.getDocumentEntry();
        if (!isCda(entry) || document.getDataHandler() == null) return List.of();
        byte[] content;
        try (InputStream in = document.getDataHandler().getInputStream()) {
            content = in.readAllBytes();
        }
        // the store reads the content again
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(content, entry.getMimeType())));
        String uid = entry.getUniqueId();
        List<ErrorInfo> errors = new ArrayList<>();
        HeaderFromTree fromTree = new HeaderFromTree();
        if (validator != null) {
            ValidationReport report = validator.validate(content, uid, fromTree);
            for (Finding f : report.findings()) {
                if (f.severity() != org.passerelle.cda.validation.Severity.ERROR) continue;
                if (errors.size() == MAX_REPORTED) break;
                String where = f.location() == null ? "" : " at " + f.location();
                String line = f.line() == null ? "" : " (line " + f.line() + ")";
                errors.add(GatewayFailure.CDA_INVALID.error(uid, uid,
                        "rule " + f.ruleId() + " [" + f.layer() + "]" + where + line + ": " + f.message()));
            }
            if (!errors.isEmpty()) return errors;
        }
        CdaHeader header;
        try {
            header = fromTree.read ? fromTree.header() : readHeader(content, validator != null);
        } catch (CdaMetadataException e) {
            return List.of(GatewayFailure.CDA_INVALID.error(uid, uid, e.failure() + ": " + e.getMessage()));
        }
        for (Mismatch m : HeaderMetadataCheck.compare(header, entry)) {
            ErrorInfo e = GatewayFailure.CDA_HEADER_MISMATCH.error(uid, uid, m.failure() + ": " + m.message());
            e.setErrorCode(errorCode(m.ebRsErrorCode()));
            errors.add(e);
        }
        return errors;
    }

    /**
     * The header read from the validator's tree while it validates (a second parse of the document cost about 13 % of
     * an ITI-41); a failure is kept until the validation says whether the document is valid at all.
     */
    private final class HeaderFromTree implements CdaValidator.TreeReader {
        private boolean read;
        private CdaHeader header;
        private CdaMetadataException failure;

        @Override
        public void read(Element clinicalDocument, boolean selfPresenting) {
            read = true;
            try {
                header = headerReader.read(clinicalDocument, selfPresenting);
            } catch (CdaMetadataException e) {
                failure = e;
            }
        }

        CdaHeader header() throws CdaMetadataException {
            if (failure != null) throw failure;
            return header;
        }
    }

    /**
     * The header when the validator did not hand its tree over: once the validator has parsed the whole document, from
     * a copy without the body, else from the document itself.
     */
    private CdaHeader readHeader(byte[] content, boolean alreadyParsed) throws CdaMetadataException {
        if (alreadyParsed) {
            byte[] slice;
            try {
                slice = CdaHeaderSlice.withoutStructuredBody(content);
            } catch (XMLStreamException e) {
                slice = null; // the full read reports what is wrong
            }
            if (slice != null) return headerReader.read(slice);
        }
        return headerReader.read(content);
    }

    static boolean isCda(DocumentEntry entry) {
        if (entry.getMimeType() == null || !CDA_MIME_TYPES.contains(entry.getMimeType())) return false;
        // the submission-set signature (docs §8) is XML but not a CDA
        return entry.getTypeCode() == null || !"E1762".equals(entry.getTypeCode().getCode());
    }

    private static ErrorCode errorCode(String opcode) {
        for (ErrorCode c : ErrorCode.values()) {
            if (opcode != null && opcode.equals(c.getOpcode())) return c;
        }
        return ErrorCode.REPOSITORY_METADATA_ERROR;
    }
}
