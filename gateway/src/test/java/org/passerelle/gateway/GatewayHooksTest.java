package org.passerelle.gateway;

import jakarta.xml.ws.WebServiceException;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.gateway.spi.AccessDenied;
import org.passerelle.gateway.spi.AccessPolicy;
import org.passerelle.gateway.spi.AuthenticationFailure;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.RequestAuthenticator;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPI contract: authenticator → SOAP Fault with its subcode, AccessDenied → "R-xx" RegistryError, every outcome audited. */
class GatewayHooksTest {

    static final QName INVALID_TOKEN = new QName(
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", "InvalidSecurityToken");

    record Event(Transaction transaction, String patient, List<String> documents, TransactionAuditor.Outcome outcome, String detail, Caller caller) { }

    @Test
    void authenticatorCallerAccessPolicyAndAuditorAreWiredOnEveryTransaction() throws Exception {
        List<Element> headersSeen = new CopyOnWriteArrayList<>();
        Caller doctor = new Caller("801234567890", "DUPONT JEAN", null, "10", "SM26", List.of(), "AIR_DIRECT",
                "normal", null, "_assertion-1", null, Map.of());
        RequestAuthenticator authenticator = (tx, header, cert) -> {
            if (header != null) headersSeen.add(header);
            if (tx == Transaction.ITI_42) throw new AuthenticationFailure(INVALID_TOKEN, "the assertion signature does not verify");
            return doctor;
        };
        List<Caller> callersAtPolicy = new CopyOnWriteArrayList<>();
        AccessPolicy policy = new AccessPolicy() {
            @Override
            public void checkSubmission(Caller c, Transaction t, RegisterDocumentSet s) throws AccessDenied {
                callersAtPolicy.add(c);
                if (s.getDocumentEntries().stream().anyMatch(e -> e.getTitle() != null && e.getTitle().getValue().contains("REFUSE"))) {
                    throw new AccessDenied("R-11", "profession 10 may not feed this document type");
                }
            }

            @Override
            public QueryResponse filterQueryResponse(Caller c, QueryResponse r) {
                callersAtPolicy.add(c);
                r.getDocumentEntries().removeIf(e -> e.getTitle() != null && e.getTitle().getValue().contains("HIDDEN"));
                return r;
            }

            @Override
            public void checkRetrieve(Caller c, DocumentEntry d) throws AccessDenied {
                callersAtPolicy.add(c);
                if (d.getTitle() != null && d.getTitle().getValue().contains("HIDDEN")) throw new AccessDenied("R-40", "masked to professionals");
            }
        };
        List<Event> events = new CopyOnWriteArrayList<>();
        TransactionAuditor auditor = (c, t, p, d, o, x) -> events.add(new Event(t, p, d, o, x, c));

        InMemoryBackend backend = new InMemoryBackend();
        try (GatewayServer server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0)
                .kitDir(SharedFolder.ciSis()).insTestOids(true).build(), backend, DocumentCheck.NONE, authenticator, policy, auditor)) {
            XdsClient client = new XdsClient(server);

            // allowed submission: the endpoint saw the authenticated caller, the auditor a SUCCESS
            ProvideAndRegisterDocumentSet visible = Submissions.french("IPS-FR_2024.01.xml");
            DocumentEntry entry = visible.getDocuments().get(0).getDocumentEntry();
            entry.getTitle().setValue("HIDDEN " + entry.getTitle().getValue());
            assertEquals(Status.SUCCESS, client.provideAndRegister(Submissions.frenchWire(visible)).getStatus());
            assertEquals(doctor, callersAtPolicy.get(0));
            Event ok = events.get(events.size() - 1);
            assertEquals(Transaction.ITI_41, ok.transaction());
            assertEquals(TransactionAuditor.Outcome.SUCCESS, ok.outcome());
            assertEquals(List.of(entry.getUniqueId()), ok.documents());
            assertTrue(ok.patient().startsWith(entry.getPatientId().getId()), ok.patient());
            assertTrue(!headersSeen.isEmpty() && "Header".equals(headersSeen.get(0).getLocalName()), "the SOAP Header DOM is passed");

            // refused submission: XDSRegistryError whose codeContext starts with the rule id, audited REFUSED, not stored
            int calls = backend.calls;
            ProvideAndRegisterDocumentSet refused = Submissions.french("CSE-MDE_2023.01.xml");
            refused.getDocuments().get(0).getDocumentEntry().getTitle().setValue("REFUSE me");
            Response r = client.provideAndRegister(Submissions.frenchWire(refused));
            assertEquals(Status.FAILURE, r.getStatus());
            assertEquals(ErrorCode.REGISTRY_ERROR, r.getErrors().get(0).getErrorCode());
            assertTrue(r.getErrors().get(0).getCodeContext().startsWith("R-11: "), r.getErrors().get(0).getCodeContext());
            assertEquals(calls, backend.calls);
            assertEquals(TransactionAuditor.Outcome.REFUSED, events.get(events.size() - 1).outcome());

            // query: filtered by the policy
            FindDocumentsQuery q = new FindDocumentsQuery();
            q.setPatientId(entry.getPatientId());
            q.setStatus(List.of(AvailabilityStatus.APPROVED));
            QueryResponse found = client.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
            assertEquals(Status.SUCCESS, found.getStatus());
            assertEquals(0, found.getDocumentEntries().size(), "the policy removed the masked document");
            assertEquals(Transaction.ITI_18, events.get(events.size() - 1).transaction());

            // retrieve of the masked document: refused with the rule id
            RetrieveDocumentSet rq = new RetrieveDocumentSet();
            rq.getDocuments().add(new DocumentReference(server.repositoryUniqueId(), entry.getUniqueId(), null));
            RetrievedDocumentSet got = client.retrieve(rq);
            assertEquals(Status.FAILURE, got.getStatus());
            assertTrue(got.getErrors().get(0).getCodeContext().startsWith("R-40: "), got.getErrors().get(0).getCodeContext());
            assertEquals(TransactionAuditor.Outcome.REFUSED, events.get(events.size() - 1).outcome());

            // authentication failure: SOAP 1.2 Sender Fault with the authenticator's subcode, audited REFUSED
            int before = events.size();
            WebServiceException wse = assertThrows(WebServiceException.class,
                    () -> client.register(new RegisterDocumentSet()));
            SoapFault fault = (SoapFault) wse.getCause();
            assertEquals("the assertion signature does not verify", fault.getReason());
            assertEquals(Soap12.getInstance().getSender(), fault.getFaultCode());
            assertEquals(INVALID_TOKEN, fault.getSubCode());
            assertNotNull(events.get(before));
            assertEquals(Transaction.ITI_42, events.get(before).transaction());
            assertEquals(TransactionAuditor.Outcome.REFUSED, events.get(before).outcome());
        }
    }
}
