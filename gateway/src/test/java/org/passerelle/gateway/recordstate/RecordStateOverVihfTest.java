package org.passerelle.gateway.recordstate;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.AttributedURIType;
import org.apache.cxf.ws.addressing.JAXWSAConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.gateway.security.SecuredClients;
import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.Consent;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditTrail;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.Backends;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.gateway.access.DmpAccessPolicy;
import org.passerelle.gateway.audit.AtnaTransactionAuditor;
import org.passerelle.gateway.security.SharedPki;
import org.passerelle.gateway.security.VihfSecurity;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * the TD0.2 record state asked by a consulting system over real SOAP 1.2, mutual TLS (establishment 1's
 * ORG_AUTH_CLI certificate of the sample PKI) and a signed VIHF in wsse:Security, verified by the gateway's own
 * VihfRequestAuthenticator; on H2 and PostgreSQL. Each answer is checked field by field, and the audit trail holds
 * one TD0.2 event per request.
 */
@DisplayName("R-07 R-90 TD0.2 record state for consulting systems over mutual TLS + VIHF")
class RecordStateOverVihfTest {

    static final String NS = RecordStateMessages.NS;
    static final String ACTION = Transaction.TD_0_2.action();
    static final String DOCTOR = "810000000001";
    private static final AtomicLong SERIAL = new AtomicLong(1_500_000 + (System.nanoTime() % 400_000));
    private static final Map<TestDatabase.Kind, Fixture> FIXTURES = new EnumMap<>(TestDatabase.Kind.class);

    /** One gateway per database kind for the class. */
    record Fixture(TestDatabase db, RegistryBackend backend, JdbcPatientDecisions decisions, AuditTrail trail,
                   GatewayServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            trail.close();
            backend.close();
            db.close();
        }
    }

    static synchronized Fixture fixture(TestDatabase.Kind kind) throws Exception {
        Fixture f = FIXTURES.get(kind);
        if (f != null) return f;
        SamplePki pki = SharedPki.get();
        TestDatabase db = TestDatabase.create(kind);
        GatewayConfig config = SecuredClients.secured(GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF), pki)
                .build();
        RegistryBackend backend = Backends.open(config);
        JdbcPatientDecisions decisions = JdbcPatientDecisions.open(db.dataSource());
        AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("td02-" + kind));
        AccessRules rules = new AccessRules(HabilitationMatrix.defaultMatrix(), AccessRulesConfig.defaults().withTestMode(true));
        GatewayServer server = GatewayServer.start(config, backend, DocumentCheck.NONE,
                VihfSecurity.fromProperties(config.properties(), db.dataSource()),
                DmpAccessPolicy.forStore(rules, backend.store(), decisions), new AtnaTransactionAuditor(trail));
        assertTrue(server.recordStateUrl().startsWith("https://"), server.recordStateUrl());
        f = new Fixture(db, backend, decisions, trail, server);
        FIXTURES.put(kind, f);
        return f;
    }

    @AfterAll
    static void closeAll() {
        FIXTURES.values().forEach(Fixture::close);
        FIXTURES.clear();
    }

    // ------------------------------------------------------------------ scenarios

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-90 active record: state, activation and the caller's consent-based authorisation (R-20, R-03)")
    void activeRecord(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        f.backend().patients().register(pid, "DOE^Jane");
        Caller doctor = new Caller(f, () -> doctor(pid));

        Map<String, String> before = doctor.ask(pid);
        assertEquals("ACTIVE", before.get("State"));
        assertEquals("true", before.get("Known"));
        assertEquals("false", before.get("Activated"));
        assertEquals("false", before.get("Consultation@authorised"), "R-20: no consent yet: " + before);
        assertEquals("R-20", before.get("Consultation@rule"));

        f.decisions().grantConsent(pid, new Consent(Consent.Scope.CARE_TEAM, structure(), Instant.now().minusSeconds(60), null));
        f.backend().patients().setActivated(pid, true);
        Map<String, String> after = doctor.ask(pid);
        assertEquals("ACTIVE", after.get("State"));
        assertEquals("true", after.get("Activated"), "R-03 activation is reported");
        assertEquals("true", after.get("Consultation@authorised"), after.toString());
        assertEquals("R-20", after.get("Consultation@rule"));
        assertEquals(pid, after.get("PatientId"));

        // AIR is a consultation: answered (R-83: no engagement contract for this establishment, so not authorised)
        Map<String, String> air = new Caller(f, () -> doctor(pid).air()).ask(pid);
        assertEquals("ACTIVE", air.get("State"));
        assertEquals("false", air.get("Consultation@authorised"), air.toString());
        assertEquals("R-83", air.get("Consultation@rule"), air.toString());

        List<AccessHistoryEntry> h = history(f, pid);
        assertEquals(3, h.stream().filter(e -> "TD0.2".equals(e.transaction()) && e.outcome() == AuditEvent.Outcome.SUCCESS).count(), h.toString());
        assertTrue(h.stream().allMatch(e -> DOCTOR.equals(e.userId())), "the verified VIHF subject is audited: " + h);
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-01 a valid INS never seen is ACTIVE with Known=false (no record created by asking)")
    void neverSeenIns(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        Map<String, String> a = new Caller(f, () -> doctor(pid)).ask(pid);
        assertEquals("ACTIVE", a.get("State"));
        assertEquals("false", a.get("Known"));
        assertEquals("false", a.get("Consultation@authorised"));
        assertTrue(f.backend().patients().find(pid).isEmpty(), "asking creates no record");
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-02 closed record: CLOSED with its closure date and reason, consultation not authorised")
    void closedRecord(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        f.backend().patients().register(pid, "DOE^John");
        f.decisions().grantConsent(pid, new Consent(Consent.Scope.CARE_TEAM, structure(), Instant.now().minusSeconds(60), null));
        Instant before = Instant.now().minusSeconds(5);
        f.backend().patients().setState(pid, PatientRegistry.State.CLOSED, "décès");
        Map<String, String> a = new Caller(f, () -> doctor(pid)).ask(pid);
        assertEquals("CLOSED", a.get("State"));
        assertEquals("décès", a.get("Reason"));
        assertNotNull(a.get("StateSince"), a.toString());
        assertFalse(Instant.parse(a.get("StateSince")).isBefore(before), a.toString());
        assertEquals("false", a.get("Consultation@authorised"));
        assertEquals("R-02", a.get("Consultation@rule"));
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-02 opposed record: OPPOSED with its reason; R-05 opposition to consultation: not authorised")
    void opposedRecord(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String opposed = newIns();
        f.backend().patients().register(opposed, null);
        f.backend().patients().setState(opposed, PatientRegistry.State.OPPOSED, "opposition à la création");
        Map<String, String> a = new Caller(f, () -> doctor(opposed)).ask(opposed);
        assertEquals("OPPOSED", a.get("State"));
        assertEquals("opposition à la création", a.get("Reason"));
        assertEquals("false", a.get("Consultation@authorised"));
        assertEquals("R-02", a.get("Consultation@rule"));

        String noConsultation = newIns();
        f.backend().patients().register(noConsultation, null);
        f.decisions().grantConsent(noConsultation, new Consent(Consent.Scope.CARE_TEAM, structure(), Instant.now().minusSeconds(60), null));
        f.decisions().setConsultationOpposed(noConsultation, true);
        Map<String, String> b = new Caller(f, () -> doctor(noConsultation)).ask(noConsultation);
        assertEquals("ACTIVE", b.get("State"));
        assertEquals("false", b.get("Consultation@authorised"));
        assertEquals("R-05", b.get("Consultation@rule"));
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-90 R-06 a blocked professional learns he may not consult, whatever the consent; a colleague may")
    void blockedCaller(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        f.backend().patients().register(pid, null);
        f.decisions().grantConsent(pid, new Consent(Consent.Scope.CARE_TEAM, structure(), Instant.now().minusSeconds(60), null));
        f.decisions().block(pid, DOCTOR);
        Map<String, String> blocked = new Caller(f, () -> doctor(pid)).ask(pid);
        assertEquals("ACTIVE", blocked.get("State"));
        assertEquals("false", blocked.get("Consultation@authorised"));
        assertEquals("R-06", blocked.get("Consultation@rule"));
        Map<String, String> colleague = new Caller(f, () -> doctor(pid).user("810000000002", "AUTRE Jean, Médecine")).ask(pid);
        assertEquals("true", colleague.get("Consultation@authorised"), colleague.toString());
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 VIHF resource-id of another patient: SOAP Fault FailedAuthentication, audited REFUSED")
    void patientMismatch(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String asked = newIns();
        String tokenFor = newIns();
        f.backend().patients().register(asked, null);
        SoapFault fault = assertThrows(SoapFault.class, () -> new Caller(f, () -> doctor(tokenFor)).ask(asked));
        assertEquals("FailedAuthentication", fault.getSubCode().getLocalPart(), fault.getMessage());
        assertTrue(fault.getMessage().contains("PATIENT_MISMATCH"), fault.getMessage());
        List<AccessHistoryEntry> h = history(f, asked);
        assertTrue(h.stream().anyMatch(e -> "TD0.2".equals(e.transaction()) && e.outcome() == AuditEvent.Outcome.REFUSED), h.toString());
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-80 no VIHF: SOAP Fault from the security layer, nothing answered")
    void noVihf(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        f.backend().patients().register(pid, null);
        SoapFault fault = assertThrows(SoapFault.class, () -> new Caller(f, null).ask(pid));
        assertTrue(fault.getMessage().contains("NO_SECURITY_HEADER"), fault.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    @DisplayName("R-07 R-70 malformed request and an id that is not an INS: specific SOAP Faults")
    void badRequests(TestDatabase.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String pid = newIns();
        Caller doctor = new Caller(f, () -> doctor(pid));
        SoapFault malformed = assertThrows(SoapFault.class, () -> doctor.send(
                "<rs:RecordStateRequest xmlns:rs='" + NS + "'><rs:Patient>" + pid.replace("&", "&amp;") + "</rs:Patient></rs:RecordStateRequest>"));
        assertEquals("MalformedRecordStateRequest", malformed.getSubCode().getLocalPart(), malformed.getMessage());
        assertTrue(malformed.getMessage().contains("unexpected element"), malformed.getMessage());
        SoapFault empty = assertThrows(SoapFault.class, () -> doctor.send(
                "<rs:RecordStateRequest xmlns:rs='" + NS + "'><rs:PatientId> </rs:PatientId></rs:RecordStateRequest>"));
        assertEquals("MalformedRecordStateRequest", empty.getSubCode().getLocalPart(), empty.getMessage());
        SoapFault notIns = assertThrows(SoapFault.class, () -> doctor.ask("12345^^^&1.2.3.4&ISO"));
        assertEquals("InvalidPatientId", notIns.getSubCode().getLocalPart(), notIns.getMessage());
        assertTrue(notIns.getMessage().contains("R-70"), notIns.getMessage());
    }

    @org.junit.jupiter.api.Test
    @DisplayName("R-07 R-90 GatewayServer.start(config) with security.enabled serves TD0.2 behind its VIHF authenticator (H2)")
    void servedByTheConfiguredGateway() throws Exception {
        SamplePki pki = SharedPki.get();
        try (TestDatabase db = TestDatabase.h2();
             GatewayServer server = GatewayServer.start(SecuredClients.secured(GatewayConfig.builder().host("127.0.0.1").port(0)
                     .dataSource(db.dataSource()).profile(Profile.FR_DMP).insTestOids(true)
                     .cdaValidation(GatewayConfig.CdaMode.OFF), pki).build())) {
            Fixture f = new Fixture(db, null, null, null, server);
            String pid = newIns();
            ((RegistryBackend) server.backend()).patients().register(pid, null);
            ((RegistryBackend) server.backend()).patients().setState(pid, PatientRegistry.State.CLOSED, "décès");
            Map<String, String> a = new Caller(f, () -> doctor(pid)).ask(pid);
            assertEquals("CLOSED", a.get("State"));
            assertEquals("R-02", a.get("Consultation@rule"));
            SoapFault fault = assertThrows(SoapFault.class, () -> new Caller(f, null).ask(pid));
            assertTrue(fault.getMessage().contains("NO_SECURITY_HEADER"), fault.getMessage());
        }
    }

    // ------------------------------------------------------------------ client side

    /** A consulting system: mutual TLS with establishment 1's ORG_AUTH_CLI, a freshly signed VIHF per request (or none). */
    static final class Caller {
        final Fixture f;
        final Supplier<VihfBuilder> vihf;

        Caller(Fixture f, Supplier<VihfBuilder> vihf) {
            this.f = f;
            this.vihf = vihf;
        }

        Map<String, String> ask(String pid) throws Exception {
            return fields(send("<rs:RecordStateRequest xmlns:rs='" + NS + "'><rs:PatientId>" + pid.replace("&", "&amp;")
                    + "</rs:PatientId></rs:RecordStateRequest>"));
        }

        Element send(String body) throws Exception {
            SamplePki pki = SharedPki.get();
            Service service = Service.create(new QName(NS, "RecordState_Service"));
            QName port = new QName(NS, "RecordState_Port_Soap12");
            service.addPort(port, SOAPBinding.SOAP12HTTP_BINDING, f.server().recordStateUrl());
            Dispatch<Source> dispatch = service.createDispatch(port, Source.class, Service.Mode.PAYLOAD,
                    new jakarta.xml.ws.soap.AddressingFeature());
            AddressingProperties maps = new AddressingProperties();
            AttributedURIType action = new AttributedURIType();
            action.setValue(ACTION);
            maps.setAction(action);
            dispatch.getRequestContext().put(JAXWSAConstants.CLIENT_ADDRESSING_PROPERTIES, maps);
            dispatch.getRequestContext().put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
            dispatch.getRequestContext().put(BindingProvider.SOAPACTION_URI_PROPERTY, ACTION);
            Client client = ((DispatchImpl<?>) dispatch).getClient();
            SecuredClients.useMutualTls(client, pki, pki.establishment(1).authCli());
            if (vihf != null) client.getOutInterceptors().add(new SecuredClients.SignedVihfHeader(() -> signed(vihf)));
            Source answer;
            try {
                answer = dispatch.invoke(new StreamSource(new StringReader(body)));
            } catch (jakarta.xml.ws.WebServiceException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof SoapFault sf) throw sf;
                }
                if (e instanceof jakarta.xml.ws.soap.SOAPFaultException sfe) throw toSoapFault(sfe);
                throw e;
            }
            DOMResult dom = new DOMResult();
            TransformerFactory.newInstance().newTransformer().transform(answer, dom);
            Node n = dom.getNode();
            return n instanceof Document d ? d.getDocumentElement() : (Element) n;
        }
    }

    static SoapFault toSoapFault(jakarta.xml.ws.soap.SOAPFaultException e) {
        SoapFault f = new SoapFault(e.getFault().getFaultString(), e.getFault().getFaultCodeAsQName());
        var sub = e.getFault().getFaultSubcodes();
        if (sub != null && sub.hasNext()) f.addSubCode((QName) sub.next());
        return f;
    }

    /** The response's fields by local name; the Consultation attributes as Consultation@authorised / @rule. */
    static Map<String, String> fields(Element response) {
        assertEquals(NS, response.getNamespaceURI());
        assertEquals("RecordStateResponse", response.getLocalName());
        Map<String, String> m = new LinkedHashMap<>();
        for (Node c = response.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (!(c instanceof Element e)) continue;
            m.put(e.getLocalName(), e.getTextContent());
            if ("Consultation".equals(e.getLocalName())) {
                m.put("Consultation@authorised", e.getAttribute("authorised"));
                m.put("Consultation@rule", e.getAttribute("rule"));
            }
        }
        return m;
    }

    /** A freshly signed VIHF of establishment 1 built by {@code vihf}. */
    static Element signed(Supplier<VihfBuilder> vihf) {
        try {
            SamplePki.Establishment etab = SharedPki.get().establishment(1);
            PrivateKey key = etab.sign().privateKey(SharedPki.get().password());
            X509Certificate cert = etab.sign().certificate();
            return VihfSigner.sign(vihf.get().issuer(cert).build(), key, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ data

    static String structure() throws Exception {
        return SharedPki.get().establishment(1).structureId();
    }

    static VihfBuilder doctor(String ins) {
        try {
            return VihfBuilder.create().user(DOCTOR, "EXEMPLE Marie, Médecine").structure(structure())
                    .activitySector("SA07").profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                    .patient(ins + "^NH").lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh valid NIR (13 digits + key 97 - n mod 97) on the INS test authority, CX form. */
    static String newIns() {
        String n = "1800575" + String.format("%06d", SERIAL.incrementAndGet() % 1_000_000);
        int key = 97 - new BigInteger(n).mod(BigInteger.valueOf(97)).intValue();
        return n + String.format("%02d", key) + "^^^&1.2.250.1.213.1.4.10&ISO";
    }

    static List<AccessHistoryEntry> history(Fixture f, String pid) {
        f.trail().flush();
        return f.trail().history(pid, null, null);
    }
}
