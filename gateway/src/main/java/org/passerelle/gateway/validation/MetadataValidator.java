package org.passerelle.gateway.validation;

import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAdhocQueryRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLNonconstructiveDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLProvideAndRegisterDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.validate.ValidationProfile;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.AdhocQueryRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.NonconstructiveDocumentSetRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.SubmitObjectsRequestValidator;
import org.passerelle.gateway.GatewayException;
import org.passerelle.gateway.GatewayFailure;
import org.passerelle.gateway.Profile;

/**
 * Runs IPF's request validators with the ValidationProfile of each transaction. Under {@link Profile#FR_DMP} the
 * request is first rewritten by {@link FrenchFormNormaliser} (in place: call this after transforming the request into
 * IPF's model), so that exactly the French HL7 forms pass while everything else keeps IPF's checks; under
 * {@link Profile#IHE} IPF's strict checks run unchanged.
 */
public final class MetadataValidator {

    private final Profile profile;

    public MetadataValidator(Profile profile) {
        this.profile = profile;
    }

    /** ITI-41. Errors are reported with the repository's codes (XDSRepositoryMetadataError…). */
    public void validateProvideAndRegister(ProvideAndRegisterDocumentSetRequestType request) {
        if (profile == Profile.FR_DMP) FrenchFormNormaliser.normalise(request.getSubmitObjectsRequest());
        run(() -> ProvideAndRegisterDocumentSetRequestValidator.getInstance()
                .validate(new EbXMLProvideAndRegisterDocumentSetRequest30(request), XDS.Interactions.ITI_41), true);
    }

    /** ITI-42 or ITI-57. */
    public void validateSubmitObjects(SubmitObjectsRequest request, ValidationProfile transaction) {
        if (profile == Profile.FR_DMP) FrenchFormNormaliser.normalise(request);
        run(() -> SubmitObjectsRequestValidator.getInstance()
                .validate(new EbXMLSubmitObjectsRequest30(request), transaction), false);
    }

    /** ITI-18. */
    public void validateQuery(AdhocQueryRequest request) {
        if (profile == Profile.FR_DMP) FrenchFormNormaliser.normalise(request);
        run(() -> AdhocQueryRequestValidator.getInstance()
                .validate(new EbXMLAdhocQueryRequest30(request), XDS.Interactions.ITI_18), false);
    }

    /** ITI-43. */
    public void validateRetrieve(RetrieveDocumentSetRequestType request) {
        run(() -> NonconstructiveDocumentSetRequestValidator.getInstance()
                .validate(new EbXMLNonconstructiveDocumentSetRequest30<>(request), XDS.Interactions.ITI_43), true);
    }

    private static void run(Runnable validation, boolean repository) {
        try {
            validation.run();
        } catch (XDSMetaDataException e) {
            ErrorCode code = e.getValidationMessage().getErrorCode();
            if (code == null) code = ErrorCode.REGISTRY_METADATA_ERROR; // IPF leaves datatype errors without a code
            if (repository && code == ErrorCode.REGISTRY_METADATA_ERROR) code = ErrorCode.REPOSITORY_METADATA_ERROR;
            throw new GatewayException(new ErrorInfo(code, e.getMessage(), Severity.ERROR, null, null));
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw GatewayFailure.METADATA_MALFORMED.exception(null, e.toString());
        }
    }
}
