package org.passerelle.gateway.access;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.iti57.Iti57PortType;
import org.passerelle.gateway.security.SecuredClients;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.security.SharedPki;
import org.passerelle.gateway.security.VihfSecurity;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.passerelle.access.AccessRules;
import org.passerelle.access.AccessRulesConfig;
import org.passerelle.access.Consent;
import org.passerelle.access.HabilitationMatrix;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.audit.AccessHistoryEntry;
import org.passerelle.audit.AuditTrail;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.gateway.Backends;
import org.passerelle.gateway.DocumentCheck;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.gateway.audit.AtnaTransactionAuditor;
import org.passerelle.gateway.security.VihfRequestAuthenticator;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;

import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The DMP rules with real signed VIHF assertions over mutual TLS, with the sample PKI of module certs-sample: the
 * gateway serves HTTPS from its {@code tls.*} settings and builds its {@link VihfRequestAuthenticator} from its
 * {@code security.vihf.*} settings; the client presents establishment 1's ORG_AUTH_CLI certificate and signs every
 * VIHF (fresh assertion ID: the gateway refuses replays) with its ORG_SIGN key. The policy sees only what the verified
 * assertion says. Another establishment's TLS certificate is refused by the VIHF layer; a revoked one gets no TLS
 * session. One gateway for the class (H2).
 */
class DmpVihfScenarioTest {

    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    static SamplePki pki;
    static String structure;
    static PrivateKey signKey;
    static X509Certificate signCert;
    static TestDatabase db;
    static RegistryBackend backend;
    static JdbcPatientDecisions decisions;
    static AuditTrail trail;
    static GatewayServer server;

    final AtomicReference<Supplier<VihfBuilder>> vihf = new AtomicReference<>();

    @BeforeAll
    static void startGateway() throws Exception {
        pki = SharedPki.get();
        SamplePki.Establishment etab = pki.establishment(1);
        structure = etab.structureId();
        signKey = etab.sign().privateKey(pki.password());
        signCert = etab.sign().certificate();
        db = TestDatabase.h2();
        GatewayConfig config = SecuredClients.secured(GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF), pki)
                .build();
        backend = Backends.open(config);
        decisions = JdbcPatientDecisions.open(db.dataSource());
        AccessRules rules = new AccessRules(HabilitationMatrix.parse(new StringReader(DmpScenarioTest.MATRIX), "vihf"),
                AccessRulesConfig.defaults().withTestMode(true));
        VihfRequestAuthenticator authenticator = VihfSecurity.fromProperties(config.properties(), db.dataSource());
        trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("vihf"));
        server = GatewayServer.start(config, backend, DocumentCheck.NONE, authenticator,
                DmpAccessPolicy.forStore(rules, backend.store(), decisions), new AtnaTransactionAuditor(trail));
        assertTrue(server.iti18Url().startsWith("https://"), server.iti18Url());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (server != null) server.close();
        if (trail != null) trail.close();
        if (backend != null) backend.close();
        if (db != null) db.close();
    }

    @Test
    void R11_R20_R30_R50_R84_decidedOnTheVerifiedVihf() throws Exception {
        SamplePki.KeyMaterial tls = pki.establishment(1).authCli();
        Iti41PortType iti41 = port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class, tls);
        Iti18PortType iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class, tls);
        Iti43PortType iti43 = port(XDS.Interactions.ITI_43, "ITI-43", server.iti43Url(), Iti43PortType.class, tls);
        Iti57PortType iti57 = port(XDS.Interactions.ITI_57, "ITI-57", server.iti57Url(), Iti57PortType.class, tls);

        FrenchSubmission fs = new FrenchSubmission();
        ProvideAndRegisterDocumentSet synthese = DmpScenarioTest.build(fs, "IPS-FR_2024.01.xml");
        ProvideAndRegisterDocumentSet consult = DmpScenarioTest.build(fs, "AVC-PAVC_2022.01.xml");
        Identifiable patient = synthese.getDocuments().get(0).getDocumentEntry().getPatientId();
        String ins = DocumentFactsOf.cx(patient) + "^NH";
        String author = synthese.getDocuments().get(0).getDocumentEntry().getAuthors().get(0).getAuthorPerson().getId().getId();

        // an AIR token cannot feed (refused by the VIHF layer or by the rules, never stored)
        vihf.set(() -> doctor(author, ins).air());
        try {
            Response air = submit(iti41, synthese);
            assertEquals(Status.FAILURE, air.getStatus());
            assertTrue(air.getErrors().get(0).getCodeContext().startsWith("R-84: "), air.getErrors().toString());
        } catch (jakarta.xml.ws.WebServiceException fault) {
            assertTrue(fault.getMessage().contains("AIR"), fault.getMessage()); // refused by the VIHF layer itself
        }
        // a physician feeds, a nurse too
        vihf.set(() -> doctor(author, ins));
        assertEquals(Status.SUCCESS, submit(iti41, synthese).getStatus());
        vihf.set(() -> nurse(ins));
        assertEquals(Status.SUCCESS, submit(iti41, consult).getStatus());

        // no consent yet
        vihf.set(() -> doctor(author, ins));
        QueryResponse noConsent = find(iti18, patient);
        assertEquals(Status.FAILURE, noConsent.getStatus());
        assertTrue(noConsent.getErrors().get(0).getCodeContext().startsWith("R-20: "), noConsent.getErrors().toString());
        decisions.grantConsent(DocumentFactsOf.cx(patient), new Consent(Consent.Scope.CARE_TEAM, structure,
                java.time.Instant.now().minusSeconds(60), null));
        // R-11 on the profession of the verified role 1
        assertEquals(2, find(iti18, patient).getDocumentEntries().size());
        vihf.set(() -> nurse(ins));
        assertEquals(List.of("11488-4"), find(iti18, patient).getDocumentEntries().stream().map(e -> e.getTypeCode().getCode()).toList());
        // R-30 on the verified purposeofuse, with the patient's ban
        decisions.setEmergencyAllowed(DocumentFactsOf.cx(patient), false);
        vihf.set(() -> doctor("810000000099", ins).purposeOfUse("bris_de_glace"));
        QueryResponse banned = find(iti18, patient);
        assertEquals(Status.FAILURE, banned.getStatus());
        assertTrue(banned.getErrors().get(0).getCodeContext().startsWith("R-30: "), banned.getErrors().toString());
        decisions.setEmergencyAllowed(DocumentFactsOf.cx(patient), true);
        assertEquals(2, find(iti18, patient).getDocumentEntries().size(), "bris de glace (no consent needed) sees what the matrix allows");

        // R-50 over ITI-57: the nurse may not delete the synthesis, its author does; then it is gone
        String uid = synthese.getDocuments().get(0).getDocumentEntry().getUniqueId();
        vihf.set(() -> doctor(author, ins));
        DocumentEntry stored = DmpScenarioTest.byUniqueId(find(iti18, patient), uid);
        vihf.set(() -> nurse(ins));
        Response byNurse = update(iti57, DmpScenarioTest.statusChange(synthese, stored, DmpScenarioTest.APPROVED, DmpScenarioTest.DELETED));
        assertEquals(Status.FAILURE, byNurse.getStatus());
        assertTrue(byNurse.getErrors().get(0).getCodeContext().startsWith("R-50: "), DmpScenarioTest.context(byNurse.getErrors()));
        vihf.set(() -> doctor(author, ins));
        Response byAuthor = update(iti57, DmpScenarioTest.statusChange(synthese, stored, DmpScenarioTest.APPROVED, DmpScenarioTest.DELETED));
        assertEquals(Status.SUCCESS, byAuthor.getStatus(), DmpScenarioTest.context(byAuthor.getErrors()));
        assertNull(DmpScenarioTest.byUniqueIdOrNull(find(iti18, patient), uid), "deleted: gone from queries");
        RetrievedDocumentSet gone = retrieve(iti43, server.repositoryUniqueId(), uid);
        assertEquals(Status.FAILURE, gone.getStatus());
        assertEquals("XDSDocumentUniqueIdError", gone.getErrors().get(0).getErrorCode().getOpcode(), DmpScenarioTest.context(gone.getErrors()));

        trail.flush();
        List<AccessHistoryEntry> h = trail.history(ins, null, null);
        assertTrue(h.stream().anyMatch(e -> "bris_de_glace".equals(e.accessMode()) && "R-30".equals(e.ruleId())
                && e.outcome() == org.passerelle.audit.AuditEvent.Outcome.SUCCESS), h.toString());
        assertTrue(h.stream().anyMatch(e -> "EXEMPLE Marie, Médecine".equals(e.userName())), "the VIHF subject-id is audited");
        assertTrue(trail.verifyChain().intact());
    }

    @Test
    void anotherEstablishmentsTlsCertificateIsRefused() throws Exception {
        Iti18PortType iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class,
                pki.establishment(2).authCli());
        Identifiable patient = new Identifiable("180057512345627", new org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority("1.2.250.1.213.1.4.8"));
        vihf.set(() -> doctor("810000000001", DocumentFactsOf.cx(patient) + "^NH"));
        jakarta.xml.ws.WebServiceException e = assertThrows(jakarta.xml.ws.WebServiceException.class, () -> find(iti18, patient));
        org.apache.cxf.binding.soap.SoapFault fault = soapFault(e);
        assertNotNull(fault, "a SOAP Fault from the VIHF layer: " + e);
        assertEquals("FailedAuthentication", fault.getSubCode().getLocalPart());
        assertTrue(fault.getMessage().contains("ESTABLISHMENT_MISMATCH") && fault.getMessage().contains(pki.establishment(2).structureId()),
                fault.getMessage());
    }

    @Test
    void revokedClientCertificateGetsNoTlsSession() throws Exception {
        Iti18PortType iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class,
                pki.revoked().authCli());
        Identifiable patient = new Identifiable("180057512345627", new org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority("1.2.250.1.213.1.4.8"));
        vihf.set(() -> doctor("810000000001", DocumentFactsOf.cx(patient) + "^NH"));
        jakarta.xml.ws.WebServiceException e = assertThrows(jakarta.xml.ws.WebServiceException.class, () -> find(iti18, patient));
        assertNull(soapFault(e), "no SOAP answer at all: " + e);
        boolean tlsFailure = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.net.SocketException) tlsFailure = true;
        }
        assertTrue(tlsFailure, "the TLS handshake fails: " + e);
    }

    static org.apache.cxf.binding.soap.SoapFault soapFault(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.apache.cxf.binding.soap.SoapFault f) return f;
        }
        return null;
    }

    VihfBuilder doctor(String nameId, String ins) {
        return VihfBuilder.create().issuer(signCert).user(nameId, "EXEMPLE Marie, Médecine").structure(structure)
                .activitySector("SA07").profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                .patient(ins).lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    VihfBuilder nurse(String ins) {
        return VihfBuilder.create().issuer(signCert).user("860000000003", "EXEMPLE Paul, Infirmier").structure(structure)
                .activitySector("SA07").profession("60", "Infirmier").patient(ins).lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    static Response submit(Iti41PortType port, ProvideAndRegisterDocumentSet pnr) {
        return new ResponseTransformer(FACTORY).fromEbXML(new EbXMLRegistryResponse30(
                port.documentRepositoryProvideAndRegisterDocumentSetB(DmpScenarioTest.wire(pnr))));
    }

    static Response update(Iti57PortType port, org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest request) {
        return new ResponseTransformer(FACTORY).fromEbXML(new EbXMLRegistryResponse30(port.documentRegistryUpdateDocumentSet(request)));
    }

    static RetrievedDocumentSet retrieve(Iti43PortType port, String repositoryId, String uid) {
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(repositoryId, uid, null));
        var ebXml = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRetrieveDocumentSetResponse30(port.documentRepositoryRetrieveDocumentSet(ebXml.getInternal())));
    }

    static QueryResponse find(Iti18PortType port, Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var ebXml = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(
                port.documentRegistryRegistryStoredQuery(ebXml.getInternal())));
    }

    /** A CXF client over mutual TLS with {@code tls} as client certificate, adding a freshly signed VIHF per call. */
    <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei, SamplePki.KeyMaterial tls) throws Exception {
        return SecuredClients.xdsPort(interaction, tx, url, sei, pki, tls,
                () -> VihfSigner.sign(vihf.get().get().build(), signKey, signCert));
    }
}
