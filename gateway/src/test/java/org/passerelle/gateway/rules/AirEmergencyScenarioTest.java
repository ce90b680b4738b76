package org.passerelle.gateway.rules;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.passerelle.gateway.security.SecuredClients;
import org.passerelle.access.AirContract;
import org.passerelle.access.Consent;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.security.SharedPki;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.Saml;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The authentication modes of dmp-access-rules.md §9 end to end: a gateway started from its configuration alone
 * (mutual TLS, VIHF, DMP access rules, H2), establishment 1 of the sample PKI as client. A physician with his CPS card
 * (DIRECTE) and a nurse through the establishment's certificates (INDIRECTE) feed; an emergency physician
 * without a card consults in AIR and downloads once the AIR contract is there, but cannot feed; the
 * gateway only accepts the CONF_EXI_PGSSIS declaration (AIR simplifié, R-85) and homologated software.
 */
@DisplayName("R-80 R-81 R-82 R-85 R-86 authentication modes over mutual TLS + VIHF: CPS, establishment, AIR in the emergency department")
class AirEmergencyScenarioTest {
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    static final String HOMOLOGATION = "TST-0000000-tmp1";

    static SamplePki pki;
    static String structure;
    static PrivateKey signKey;
    static X509Certificate signCert;
    static TestDatabase db;
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
        // the default matrix holds only the seeds' rows (R-12: physicians read neither 60591-5 nor 11488-4 there);
        // an integrator adds the official rows, as here
        java.nio.file.Path matrix = Files.createTempFile("r86-matrix-", ".txt");
        matrix.toFile().deleteOnExit();
        Files.writeString(matrix, String.join("\n",
                "profile MEDECIN   | 10 | * | * | Médecins",
                "profile INFIRMIER | 60 69 | * | * | Infirmiers",
                "table urgences | MEDECIN INFIRMIER",
                "row 60591-5 | 60591-5 | Synthèse médicale (IPS) | X .",
                "row 11488-4 | 11488-4 | CR de consultation | X X", ""));
        GatewayConfig config = SecuredClients.secured(GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF), pki)
                .property("security.vihf.homologations", HOMOLOGATION)
                .property("security.vihf.air-declarations", "CONF_EXI_PGSSIS")       // R-85 AIR simplifié
                .property("access.matrix", matrix.toString())
                .build();
        server = GatewayServer.start(config);
        assertTrue(server.iti18Url().startsWith("https://"), server.iti18Url());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (server != null) server.close();
        if (db != null) db.close();
    }

    @Test
    void r80r81r82r85r86AuthenticationModes() throws Exception {
        SamplePki.KeyMaterial tls = pki.establishment(1).authCli();
        Iti41PortType iti41 = port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class, tls);
        Iti18PortType iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class, tls);
        Iti43PortType iti43 = port(XDS.Interactions.ITI_43, "ITI-43", server.iti43Url(), Iti43PortType.class, tls);

        ProvideAndRegisterDocumentSet synthese = RuleGateways.french(RuleGateways.example("IPS-FR_2024.01.xml"));
        ProvideAndRegisterDocumentSet consult = RuleGateways.french(RuleGateways.example("AVC-PAVC_2022.01.xml"));
        Identifiable patient = synthese.getDocuments().get(0).getDocumentEntry().getPatientId();
        String ins = RuleGateways.cx(patient) + "^NH";
        String author = synthese.getDocuments().get(0).getDocumentEntry().getAuthors().get(0).getAuthorPerson().getId().getId();

        // CPS card (DIRECTE) and establishment certificates (INDIRECTE) both feed
        vihf.set(() -> physician(author, ins).authenticationMode("DIRECTE").authnContext(Saml.AC_SMARTCARD, null));
        assertEquals(Status.SUCCESS, submit(iti41, synthese).getStatus());
        vihf.set(() -> nurse(ins));
        assertEquals(Status.SUCCESS, submit(iti41, consult).getStatus());

        // AIR feeds nothing
        ProvideAndRegisterDocumentSet other = RuleGateways.french(RuleGateways.example("CSE-MDE_2023.01.xml"));
        vihf.set(() -> emergencyPhysician(ins));
        String refusal = faultOf(() -> submit(iti41, other));
        assertTrue(refusal.contains("AIR_CONSULTATION_ONLY"), refusal);

        JdbcPatientDecisions decisions = JdbcPatientDecisions.open(db.dataSource());
        decisions.grantConsent(RuleGateways.cx(patient), new Consent(Consent.Scope.CARE_TEAM, structure,
                Instant.now().minusSeconds(60), null));
        // R-86 (with R-83): the emergency physician without a card, before and after the AIR contract
        QueryResponse noContract = find(iti18, patient);
        assertEquals(Status.FAILURE, noContract.getStatus());
        assertTrue(noContract.getErrors().get(0).getCodeContext().startsWith("R-83: "), noContract.getErrors().toString());
        decisions.setAirContract(new AirContract(structure, Instant.now().minusSeconds(3600), null, "CNAM-AIR-0001"));
        QueryResponse found = find(iti18, patient);
        assertEquals(Status.SUCCESS, found.getStatus(), () -> found.getErrors().toString());
        assertEquals(2, found.getDocumentEntries().size());
        String uid = synthese.getDocuments().get(0).getDocumentEntry().getUniqueId();
        RetrievedDocumentSet got = retrieve(iti43, server.repositoryUniqueId(), uid);
        assertEquals(Status.SUCCESS, got.getStatus(), () -> got.getErrors().toString());
        try (InputStream in = got.getDocuments().get(0).getDataHandler().getInputStream()) {
            assertArrayEquals(Files.readAllBytes(RuleGateways.example("IPS-FR_2024.01.xml")), in.readAllBytes());
        }
        // in bris de glace too (the patient did not forbid emergency access)
        vihf.set(() -> emergencyPhysician(ins).purposeOfUse("bris_de_glace"));
        assertEquals(Status.SUCCESS, find(iti18, patient).getStatus());

        // AIR simplifié: only CONF_EXI_PGSSIS; a token that does not state the authentication is refused
        vihf.set(() -> emergencyPhysician(ins).authnContext(Saml.AC_PASSWORD, "APP_BROWSER_AUTH"));
        String kitDeclaration = faultOf(() -> find(iti18, patient));
        assertTrue(kitDeclaration.contains("AUTHN_STATEMENT_INVALID") && kitDeclaration.contains("APP_BROWSER_AUTH"), kitDeclaration);
        vihf.set(() -> emergencyPhysician(ins).authnContext(Saml.AC_PASSWORD, null));
        assertTrue(faultOf(() -> find(iti18, patient)).contains("AuthnContextDecl"));

        // software outside the homologation list
        vihf.set(() -> emergencyPhysician(ins).lps("AUTRE-DPI", "9.9", "BCO-465897-tmp2"));
        String notHomologated = faultOf(() -> find(iti18, patient));
        assertTrue(notHomologated.contains("HOMOLOGATION_NOT_ALLOWED") && notHomologated.contains("BCO-465897-tmp2"), notHomologated);

        // a mode that is none of the three
        vihf.set(() -> physician(author, ins).authenticationMode("PSC_WEB"));
        assertTrue(faultOf(() -> find(iti18, patient)).contains("Authentification_Mode"));

        // nothing of the refused feeding was stored
        vihf.set(() -> physician(author, ins));
        QueryResponse after = find(iti18, patient);
        assertEquals(Status.SUCCESS, after.getStatus(), () -> after.getErrors().toString());
        assertEquals(2, after.getDocumentEntries().size());
    }

    VihfBuilder physician(String nameId, String ins) {
        return VihfBuilder.create().issuer(signCert).user(nameId, "EXEMPLE Jean, Médecine").structure(structure)
                .activitySector("SA07").profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                .patient(ins).lps("EXEMPLE-DPI", "0.1.0", HOMOLOGATION);
    }

    VihfBuilder nurse(String ins) {
        return VihfBuilder.create().issuer(signCert).user("860000000003", "EXEMPLE Paul, Infirmier").structure(structure)
                .activitySector("SA07").profession("60", "Infirmier").patient(ins).lps("EXEMPLE-DPI", "0.1.0", HOMOLOGATION);
    }

    /** AIR: the establishment's login, no personal card, emergency department. */
    VihfBuilder emergencyPhysician(String ins) {
        return VihfBuilder.create().issuer(signCert).user("3" + structure.substring(1) + "/URG-000042",
                        "EXEMPLE Marie, Urgences adultes").structure(structure).activitySector("SA07")
                .profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale").air()
                .patient(ins).lps("EXEMPLE-DPI", "0.1.0", HOMOLOGATION);
    }

    interface Call {
        Object run() throws Exception;
    }

    /** The SOAP fault text of a call the VIHF layer refuses. */
    static String faultOf(Call call) {
        jakarta.xml.ws.WebServiceException e = assertThrows(jakarta.xml.ws.WebServiceException.class, call::run);
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.apache.cxf.binding.soap.SoapFault f) return f.getMessage();
        }
        return e.getMessage();
    }

    static Response submit(Iti41PortType port, ProvideAndRegisterDocumentSet pnr) {
        return new ResponseTransformer(FACTORY).fromEbXML(new EbXMLRegistryResponse30(
                port.documentRepositoryProvideAndRegisterDocumentSetB(RuleGateways.frenchWire(pnr))));
    }

    static QueryResponse find(Iti18PortType port, Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var ebXml = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(
                port.documentRegistryRegistryStoredQuery(ebXml.getInternal())));
    }

    static RetrievedDocumentSet retrieve(Iti43PortType port, String repositoryId, String uid) {
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(repositoryId, uid, null));
        var ebXml = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(
                new EbXMLRetrieveDocumentSetResponse30(port.documentRepositoryRetrieveDocumentSet(ebXml.getInternal())));
    }

    /** A CXF client over mutual TLS with {@code tls} as client certificate, adding a freshly signed VIHF per call. */
    <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei, SamplePki.KeyMaterial tls) throws Exception {
        return SecuredClients.xdsPort(interaction, tx, url, sei, pki, tls,
                () -> VihfSigner.sign(vihf.get().get().build(), signKey, signCert));
    }
}
