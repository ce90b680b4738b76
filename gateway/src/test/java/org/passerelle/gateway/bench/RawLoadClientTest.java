package org.passerelle.gateway.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.testsupport.SharedFolder;
import org.passerelle.testsupport.TestDatabase;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw client sends real, valid, distinct transactions (what it submits is found and retrieved intact through the
 * ordinary CXF client), and a broken answer of the gateway is an error, not a success. A fresh gateway on H2 each.
 */
class RawLoadClientTest {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private TestDatabase db;
    private GatewayServer server;
    private BenchDocuments docs;
    private GatewayUrls urls;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.h2();
        server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0).dataSource(db.dataSource())
                .profile(Profile.FR_DMP).kitDir(SharedFolder.ciSis()).insTestOids(true).build());
        docs = new BenchDocuments(SharedFolder.ciSis().resolve("examples/CARD-F-PRC-TAP_2022.01.xml"), 2);
        urls = new GatewayUrls(server.iti41Url(), server.iti18Url(), server.iti43Url(), server.repositoryUniqueId());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (db != null) db.close();
    }

    @ParameterizedTest
    @EnumSource(Exchange.Transport.class)
    void whatTheRawClientSubmitsIsFoundAndRetrievedThroughCxf(Exchange.Transport transport) throws Exception {
        List<LoadClient.StoredDocument> stored = new ArrayList<>();
        try (RawLoadClient raw = new RawLoadClient(docs, urls, transport)) {
            for (int i = 0; i < 4; i++) stored.add(raw.submit(i));
            assertEquals(4, stored.stream().map(LoadClient.StoredDocument::uniqueId).distinct().count(), "distinct uniqueIds");
            for (int p = 0; p < 2; p++) assertEquals(2, raw.find(p), "entries of patient " + p + " found by the raw client");
            for (LoadClient.StoredDocument d : stored) raw.retrieve(d);
        }
        CxfPorts cxf = new CxfPorts(urls.iti41(), urls.iti18(), urls.iti43());
        for (int p = 0; p < 2; p++) {
            FindDocumentsQuery q = new FindDocumentsQuery();
            q.setPatientId(docs.patientId(p));
            q.setStatus(List.of(AvailabilityStatus.APPROVED));
            QueryResponse r = new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(
                    cxf.iti18.documentRegistryRegistryStoredQuery(new QueryRegistryTransformer(FACTORY)
                            .toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)).getInternal())));
            assertEquals(Status.SUCCESS, r.getStatus());
            int patient = p;
            Set<String> expected = stored.stream().filter(d -> d.patient() == patient).map(LoadClient.StoredDocument::uniqueId)
                    .collect(Collectors.toSet());
            assertEquals(expected, r.getDocumentEntries().stream().map(DocumentEntry::getUniqueId).collect(Collectors.toSet()));
            for (DocumentEntry e : r.getDocumentEntries()) {
                assertEquals(docs.patientId(p), e.getPatientId(), "metadata patient = the CDA's patient");
                assertEquals(Long.valueOf(docs.content(p).length), e.getSize(), "size the repository computed from the CDA received");
            }
        }
        CxfLoadClient checking = new CxfLoadClient(docs, urls);
        for (LoadClient.StoredDocument d : stored) checking.retrieve(d);
    }

    @Test
    void brokenAnswersAreErrors() throws Exception {
        URI gateway = URI.create(urls.iti41());
        try (TamperingProxy proxy = new TamperingProxy(gateway.getPort())) {
            String via = "127.0.0.1:" + proxy.port();
            GatewayUrls proxied = new GatewayUrls(urls.iti41().replace(gateway.getRawAuthority(), via),
                    urls.iti18().replace(gateway.getRawAuthority(), via), urls.iti43().replace(gateway.getRawAuthority(), via),
                    urls.repositoryUniqueId());
            try (RawLoadClient raw = new RawLoadClient(docs, proxied)) {
                LoadClient.StoredDocument d = raw.submit(0);
                raw.retrieve(d);

                proxy.rewrite("ResponseStatusType:Success", "ResponseStatusType:Failure");
                assertTrue(assertThrows(Answers.BadAnswer.class, () -> raw.submit(1)).getMessage().contains("Failure"));
                assertThrows(Answers.BadAnswer.class, () -> raw.find(0));
                assertThrows(Answers.BadAnswer.class, () -> raw.retrieve(d));

                proxy.rewrite("HTTP/1.1 200 OK", "HTTP/1.1 500 OK");
                assertTrue(assertThrows(Answers.BadAnswer.class, () -> raw.submit(2)).getMessage().startsWith("HTTP 500"));

                // one byte of the CDA changed in the MTOM part: same length, different content
                proxy.rewrite("<ClinicalDocument", "<ClinicalDocumenT");
                assertTrue(assertThrows(Answers.BadAnswer.class, () -> raw.retrieve(d)).getMessage().contains("differ"));

                proxy.rewrite("", "");
                raw.retrieve(d);
                assertTrue(raw.find(0) >= 1);
            }
        }
    }
}
