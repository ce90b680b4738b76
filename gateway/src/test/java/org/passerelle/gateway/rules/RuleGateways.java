package org.passerelle.gateway.rules;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XpnName;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.wsdl.XdsWsdl;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.passerelle.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gateways, submissions and checks shared by the rule tests (real SOAP on localhost, H2 or PostgreSQL). */
final class RuleGateways {
    static final String SOURCE_ID = "1.2.250.1.999.1.1.7898";
    private static final AtomicLong COUNTER = new AtomicLong(System.currentTimeMillis());

    private RuleGateways() { }

    static GatewayServer start(TestDatabase db, Profile profile) {
        return GatewayServer.start(config(db, profile).build());
    }

    static GatewayConfig.Builder config(TestDatabase db, Profile profile) {
        return GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                .profile(profile).kitDir(SharedFolder.ciSis()).insTestOids(true);
    }

    /** The raw ITI-18 port (ebRS AdhocQueryRequest in, AdhocQueryResponse out): SOAP 1.2, WS-Addressing. */
    static Iti18PortType rawIti18(GatewayServer server) {
        WsTransactionConfiguration<?> ws = XDS.Interactions.ITI_18.getWsTransactionConfiguration();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(Iti18PortType.class);
        f.setServiceName(ws.getServiceName());
        f.setWsdlLocation(XdsWsdl.location("ITI-18"));
        f.setAddress(server.iti18Url());
        f.getFeatures().add(new WSAddressingFeature());
        return f.create(Iti18PortType.class);
    }

    static ProvideAndRegisterDocumentSet french(Path cda) throws Exception {
        FrenchSubmission fs = new FrenchSubmission();
        CdaDocument doc = fs.document(cda, MetadataOverrides.NONE);
        return fs.build(List.of(doc), SubmissionOptions.of(SOURCE_ID));
    }

    static Path example(String name) {
        return SharedFolder.ciSis().resolve("examples").resolve(name);
    }

    static ProvideAndRegisterDocumentSetRequestType frenchWire(ProvideAndRegisterDocumentSet pnr) {
        return FrenchSubmission.toEbXml(pnr).getInternal();
    }

    static ProvideAndRegisterDocumentSetRequestType iheWire(ProvideAndRegisterDocumentSet pnr) {
        return new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(pnr).getInternal();
    }

    /** A NIST-style patient registered in the gateway's store (IHE profile). */
    static Identifiable registeredPatient(GatewayServer server) {
        Identifiable p = new Identifiable("P" + COUNTER.incrementAndGet(), new AssigningAuthority("1.3.6.1.4.1.21367.2005.13.20.1000"));
        ((RegistryBackend) server.backend()).patients().register(cx(p), null);
        return p;
    }

    static String cx(Identifiable p) {
        return p.getId() + "^^^&" + p.getAssigningAuthority().getUniversalId() + "&ISO";
    }

    static String oid() {
        return "1.2.42." + COUNTER.incrementAndGet();
    }

    static Code code(String code, String scheme) {
        return new Code(code, new LocalizedString(code), scheme);
    }

    /** One plain-IHE text document of the patient, with the given type code and service start time (or null). */
    static ProvideAndRegisterDocumentSet ihe(Identifiable patient, Code typeCode, ZonedDateTime serviceStart) {
        Author author = new Author();
        author.setAuthorPerson(new Person(new Identifiable("1234", new AssigningAuthority("1.2.3.4.5")),
                new XpnName("Welby", "Marcus", null, null, null, null)));
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        set.setUniqueId(oid());
        set.setSourceId("1.3.6.1.4.1.21367.4");
        set.setSubmissionTime(Timestamp.now());
        set.setPatientId(patient);
        set.setContentTypeCode(code("Initial evaluation", "Connect-a-thon contentTypeCodes"));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        set.getAuthors().add(author);

        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        e.setUniqueId(oid());
        e.setPatientId(patient);
        e.setSourcePatientId(new Identifiable("source-" + patient.getId(), new AssigningAuthority("1.3.6.1.4.1.21367.13.20.2000")));
        e.setMimeType("text/plain");
        e.setClassCode(code("Consult", "Connect-a-thon classCodes"));
        e.setTypeCode(typeCode);
        e.setFormatCode(code("urn:ihe:iti:xds-sd:text:2008", "1.3.6.1.4.1.19376.1.2.3"));
        e.getConfidentialityCodes().add(code("N", "2.16.840.1.113883.5.25"));
        e.setHealthcareFacilityTypeCode(code("Outpatient", "Connect-a-thon healthcareFacilityTypeCodes"));
        e.setPracticeSettingCode(code("General Medicine", "Connect-a-thon practiceSettingCodes"));
        e.setLanguageCode("en-us");
        e.setCreationTime(Timestamp.now());
        if (serviceStart != null) e.setServiceStartTime(new Timestamp(serviceStart, Timestamp.Precision.SECOND));
        e.setTitle(new LocalizedString("document " + e.getUniqueId()));
        e.getAuthors().add(author);

        byte[] content = ("document " + e.getUniqueId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ProvideAndRegisterDocumentSet pnr = new ProvideAndRegisterDocumentSet();
        pnr.setSubmissionSet(set);
        pnr.getDocuments().add(new Document(e, new DataHandler(new ByteArrayDataSource(content, "text/plain"))));
        Association hasMember = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), e.getEntryUuid());
        hasMember.setLabel(AssociationLabel.ORIGINAL);
        pnr.getAssociations().add(hasMember);
        return pnr;
    }

    static void assertSuccess(Response r) {
        assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().stream()
                .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList().toString());
    }

    static void assertRefused(Response r, ErrorCode... anyOf) {
        assertEquals(Status.FAILURE, r.getStatus(), () -> "expected a refusal, got " + r.getStatus());
        Set<ErrorCode> expected = Set.of(anyOf);
        assertTrue(r.getErrors().stream().map(ErrorInfo::getErrorCode).anyMatch(expected::contains),
                () -> "expected one of " + expected + ", got " + r.getErrors().stream()
                        .map(e -> e.getErrorCode() + ": " + e.getCodeContext()).toList());
    }

    /** Rows of a table matching one column value (to prove nothing was duplicated). */
    static int count(DataSource ds, String table, String column, String value) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
