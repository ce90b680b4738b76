package org.passerelle.gateway.recordstate;

import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.passerelle.access.AccessDecision;
import org.passerelle.access.AccessRules;
import org.passerelle.gateway.GatewayFailure;
import org.passerelle.gateway.access.DmpAccessPolicy;
import org.passerelle.gateway.access.DocumentFactsOf;
import org.passerelle.gateway.security.VihfRequestAuthenticator;
import org.passerelle.gateway.spi.AccessDenied;
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.gateway.spi.TransactionAuditor.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import java.util.List;
import java.util.Objects;

/**
 * the TD0.2 "test d'existence" for consulting systems, SOAP 1.2 at {@value #PATH}, WS-Addressing action
 * {@code urn:passerelle:dmp:td0.2:RecordState}. The gateway's security interceptor has already verified mutual TLS and
 * the VIHF (AIR allowed: a consultation); here the VIHF resource-id must be the patient asked about, then the answer
 * gives the record state (ACTIVE/CLOSED/OPPOSED, since when, why), activation and whether this caller may
 * consult now, as the access rules decide (no document is read). Every request is audited as transaction TD0.2.
 * <p>
 * A valid INS never seen answers ACTIVE with Known=false (R-01: it becomes ACTIVE on first use). SOAP 1.2 Sender
 * Faults: a body that is not a RecordStateRequest (passerelle:MalformedRecordStateRequest), an id that is not an
 * INS (passerelle:InvalidPatientId, "R-70: …"), a resource-id of another patient (wsse:FailedAuthentication,
 * PATIENT_MISMATCH), a caller without VIHF (passerelle:AccessDenied "R-80: …", when security is off); a database
 * failure is a Receiver Fault.
 */
@WebServiceProvider(serviceName = "RecordState_Service", portName = "RecordState_Port_Soap12",
        targetNamespace = RecordStateMessages.NS)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public final class RecordStateEndpoint implements Provider<Source> {

    public static final String PATH = "/xds/record-state";
    private static final Logger LOG = LoggerFactory.getLogger(RecordStateEndpoint.class);

    private final DmpAccessPolicy policy;
    private final TransactionAuditor auditor;

    public RecordStateEndpoint(DmpAccessPolicy policy, TransactionAuditor auditor) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.auditor = auditor == null ? TransactionAuditor.NONE : auditor;
    }

    @Override
    public Source invoke(Source request) {
        Caller caller = caller();
        String patient;
        try {
            patient = RecordStateMessages.patientOf(request);
        } catch (RecordStateMessages.MalformedRequest e) {
            throw refuse(caller, null, Outcome.FAILURE, GatewayFailure.RECORD_STATE_REQUEST_MALFORMED, e.getMessage());
        }
        AccessDecision ins = policy.checkIns(patient);
        if (ins.denied()) {
            throw refuse(caller, patient, Outcome.FAILURE, GatewayFailure.RECORD_STATE_PATIENT_INVALID, ins.codeContext());
        }
        try {
            VihfRequestAuthenticator.checkPatient(caller, patient);
        } catch (AuthenticationFailure e) {
            audit(caller, patient, Outcome.REFUSED, e.faultCode().getLocalPart() + ": " + e.getMessage());
            LOG.warn("TD0.2 record state for {} refused: {} ({})", patient, e.getMessage(), e.faultCode());
            throw fault(Soap12.getInstance().getSender(), e.faultCode(), e.getMessage());
        }
        String pid = DocumentFactsOf.canonical(patient);
        AccessRules.RecordStatus status;
        try {
            status = policy.recordStatus(caller, pid);
        } catch (AccessDenied e) {
            throw refuse(caller, pid, Outcome.REFUSED, GatewayFailure.RECORD_STATE_REFUSED, e.getMessage());
        } catch (RuntimeException e) {
            audit(caller, pid, Outcome.FAILURE, e.toString());
            LOG.error("TD0.2 record state for {} failed: is the database reachable? {}", pid, e.toString(), e);
            throw fault(Soap12.getInstance().getReceiver(), GatewayFailure.RECORD_STATE_UNAVAILABLE.soapSubcode(),
                    GatewayFailure.RECORD_STATE_UNAVAILABLE.message(e.getMessage()));
        }
        AccessDecision c = status.consultation();
        audit(caller, pid, Outcome.SUCCESS, "R-07: record " + status.state() + (status.known() ? "" : " (never seen, R-01)")
                + "; consultation " + (c.allowed() ? "authorised" : "not authorised") + " (" + c.codeContext() + ")");
        return RecordStateMessages.answer(patient, status);
    }

    private SoapFault refuse(Caller caller, String patient, Outcome outcome, GatewayFailure failure, String detail) {
        String message = failure.message(detail);
        audit(caller, patient, outcome, failure.soapSubcode().getLocalPart() + ": " + detail);
        LOG.info("TD0.2 record state answered a fault: {}", message);
        return fault(Soap12.getInstance().getSender(), failure.soapSubcode(), message);
    }

    private void audit(Caller caller, String patient, Outcome outcome, String detail) {
        auditor.record(caller, Transaction.TD_0_2, patient, List.of(), outcome, detail);
    }

    private static SoapFault fault(QName code, QName subcode, String reason) {
        SoapFault f = new SoapFault(reason, code);
        if (subcode != null) f.addSubCode(subcode);
        return f;
    }

    private static Caller caller() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Caller caller = message == null ? null : message.getExchange().get(Caller.class);
        return caller == null ? Caller.anonymous() : caller;
    }
}
