package org.passerelle.gateway.access;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.passerelle.vihf.VihfPolicy;
import org.passerelle.vihf.VihfProfile;
import org.passerelle.vihf.VihfSigner;
import org.passerelle.vihf.VihfVerifier;
import org.passerelle.wsdl.XdsWsdl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The DMP rules with real signed VIHF assertions: every request carries a freshly signed VIHF in wsse:Security,
 * verified by the gateway's {@link VihfRequestAuthenticator}; the policy sees only what the verified assertion says.
 * Plain HTTP: GatewayServer does not serve mutual TLS yet (the VIHF layer is covered over mutual TLS by the security
 * module's own tests).
 */
class DmpVihfScenarioTest {

    static final String STRUCTURE = "1999900012";
    static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    @TempDir
    Path tmp;

    final AtomicReference<Supplier<VihfBuilder>> vihf = new AtomicReference<>();
    PrivateKey signKey;
    X509Certificate signCert;

    @Test
    void R11_R20_R30_R84_decidedOnTheVerifiedVihf() throws Exception {
        Path store = tmp.resolve("sign.p12");
        keytool("-genkeypair", "-alias", "sign", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=ETAB " + STRUCTURE + " SIGN,OU=" + STRUCTURE + ",O=ETAB " + STRUCTURE + ",ST=Exemple,C=FR",
                "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12",
                "-ext", "KU=digitalSignature,nonRepudiation");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) { ks.load(in, "changeit".toCharArray()); }
        signKey = (PrivateKey) ks.getKey("sign", "changeit".toCharArray());
        signCert = (X509Certificate) ks.getCertificate("sign");

        try (TestDatabase db = TestDatabase.h2()) {
            GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                    .profile(Profile.FR_DMP).insTestOids(true).cdaValidation(GatewayConfig.CdaMode.OFF).build();
            RegistryBackend backend = Backends.open(config);
            JdbcPatientDecisions decisions = JdbcPatientDecisions.open(db.dataSource());
            AccessRules rules = new AccessRules(HabilitationMatrix.parse(new StringReader(DmpScenarioTest.MATRIX), "vihf"),
                    AccessRulesConfig.defaults().withTestMode(true));
            VihfRequestAuthenticator authenticator = new VihfRequestAuthenticator(new VihfVerifier(
                    VihfPolicy.builder(VihfProfile.FR_DMP).trustedSigners(List.of(signCert))
                            .requireTlsClientCertificate(false).requireSameEstablishment(false).build()));
            try (AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("vihf"));
                 GatewayServer server = GatewayServer.start(config, backend, DocumentCheck.NONE, authenticator,
                         DmpAccessPolicy.forStore(rules, backend.store(), decisions), new AtnaTransactionAuditor(trail))) {
                Iti41PortType iti41 = port(XDS.Interactions.ITI_41, "ITI-41", server.iti41Url(), Iti41PortType.class);
                Iti18PortType iti18 = port(XDS.Interactions.ITI_18, "ITI-18", server.iti18Url(), Iti18PortType.class);

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
                decisions.grantConsent(DocumentFactsOf.cx(patient), new Consent(Consent.Scope.CARE_TEAM, STRUCTURE,
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

                trail.flush();
                List<AccessHistoryEntry> h = trail.history(ins, null, null);
                assertTrue(h.stream().anyMatch(e -> "bris_de_glace".equals(e.accessMode()) && "R-30".equals(e.ruleId())
                        && e.outcome() == org.passerelle.audit.AuditEvent.Outcome.SUCCESS), h.toString());
                assertTrue(h.stream().anyMatch(e -> "EXEMPLE Marie, Médecine".equals(e.userName())), "the VIHF subject-id is audited");
                assertTrue(trail.verifyChain().intact());
            } finally {
                backend.close();
            }
        }
    }

    VihfBuilder doctor(String nameId, String ins) {
        return VihfBuilder.create().issuer(signCert).user(nameId, "EXEMPLE Marie, Médecine").structure(STRUCTURE)
                .activitySector("SA07").profession("10", "Médecin").specialty("SM26", "Qualifié en médecine générale")
                .patient(ins).lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    VihfBuilder nurse(String ins) {
        return VihfBuilder.create().issuer(signCert).user("860000000003", "EXEMPLE Paul, Infirmier").structure(STRUCTURE)
                .activitySector("SA07").profession("60", "Infirmier").patient(ins).lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    static Response submit(Iti41PortType port, ProvideAndRegisterDocumentSet pnr) {
        return new ResponseTransformer(FACTORY).fromEbXML(new EbXMLRegistryResponse30(
                port.documentRepositoryProvideAndRegisterDocumentSetB(DmpScenarioTest.wire(pnr))));
    }

    static QueryResponse find(Iti18PortType port, Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var ebXml = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(
                port.documentRegistryRegistryStoredQuery(ebXml.getInternal())));
    }

    <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(sei);
        f.setServiceName(interaction.getWsTransactionConfiguration().getServiceName());
        f.setWsdlLocation(XdsWsdl.location(tx));
        f.setAddress(url);
        f.getFeatures().add(new WSAddressingFeature());
        f.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
        T port = f.create(sei);
        Client client = ClientProxy.getClient(port);
        client.getOutInterceptors().add(new SignedVihfHeader());
        return port;
    }

    /** Adds a freshly signed VIHF (new assertion ID each time: the gateway refuses replays) as wsse:Security. */
    final class SignedVihfHeader extends AbstractSoapInterceptor {
        SignedVihfHeader() { super(Phase.PRE_PROTOCOL); }

        @Override
        public void handleMessage(SoapMessage message) {
            Element assertion = VihfSigner.sign(vihf.get().get().build(), signKey, signCert);
            try {
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                dbf.setNamespaceAware(true);
                Document doc = dbf.newDocumentBuilder().newDocument();
                Element security = doc.createElementNS(WSSE_NS, "wsse:Security");
                security.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:wsse", WSSE_NS);
                security.appendChild(doc.importNode(assertion, true));
                doc.appendChild(security);
                SoapHeader header = new SoapHeader(new QName(WSSE_NS, "Security", "wsse"), security);
                header.setMustUnderstand(true);
                message.getHeaders().add(header);
            } catch (javax.xml.parsers.ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
    }
}
