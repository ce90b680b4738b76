package org.passerelle.gateway.bench;

import jakarta.xml.ws.BindingProvider;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.passerelle.cda.metadata.FrenchSubmission;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load generator that costs little CPU, as wrk or h2load do: per thread one keep-alive HTTP/1.1 socket (or, to
 * compare, the JDK's HttpURLConnection), requests
 * copied from templates that the CXF client itself wrote once ({@link WireCapture}: SOAP 1.2, WS-Addressing, MTOM/XOP,
 * the patient's CDA as the attachment) with the values every request must have fresh written into their slots:
 * WS-Addressing MessageID, every entryUUID and object id, the document and submission set uniqueIds, the submission
 * time. One template per patient, so that the CDA and its metadata agree. Answers are checked on the bytes
 * ({@link Answers}).
 */
public final class RawLoadClient implements LoadClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    private static final Pattern MESSAGE_ID = Pattern.compile("MessageID[^>]*>urn:uuid:([0-9a-fA-F-]{36})<");
    private static final Pattern OBJECT_ID = Pattern.compile(" id=\"urn:uuid:([0-9a-fA-F-]{36})\"");
    private static final Pattern SUBMISSION_TIME = Pattern.compile("name=\"submissionTime\"><ValueList><Value>(\\d+)</Value>");

    /** Where a slot's value comes from, per request. */
    private enum Fresh { UUID, DOCUMENT_UNIQUE_ID, OID, TIME, FIXED, GIVEN }

    /** A template and what goes into each of its slots. */
    private record Shape(RequestTemplate template, Fresh[] kinds, byte[][] fixed) {
    }

    /** A client thread's connection and clock. */
    private static final class Worker {
        final Exchange exchange;
        final UniqueValues values = new UniqueValues();

        Worker(Exchange exchange) {
            this.exchange = exchange;
        }
    }

    private final BenchDocuments docs;
    private final Shape[] pnr;
    private final Shape[] find;
    private final Shape retrieve;
    private final List<Worker> workers = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<Worker> worker;

    public RawLoadClient(BenchDocuments docs, GatewayUrls urls) throws Exception {
        this(docs, urls, Exchange.Transport.SOCKET);
    }

    public RawLoadClient(BenchDocuments docs, GatewayUrls urls, Exchange.Transport transport) throws Exception {
        this.docs = docs;
        URI target = URI.create(urls.iti41());
        String origin = target.getScheme() + "://" + target.getRawAuthority();
        String host = target.getRawAuthority();
        if (!"http".equals(target.getScheme())) throw new IllegalArgumentException("the raw client speaks plain HTTP only: " + origin);
        Iti41PortType iti41 = CxfPorts.iti41(urls.iti41());
        Iti18PortType iti18 = CxfPorts.iti18(urls.iti18());
        Iti43PortType iti43 = CxfPorts.iti43(urls.iti43());
        pnr = new Shape[docs.patients()];
        find = new Shape[docs.patients()];
        for (int p = 0; p < docs.patients(); p++) {
            ProvideAndRegisterDocumentSet s = docs.submission(p);
            var ebXml = FrenchSubmission.toEbXml(s).getInternal();
            pnr[p] = pnrShape(capture(urls.iti41(), iti41, port -> port.documentRepositoryProvideAndRegisterDocumentSetB(ebXml)),
                    s, host, origin);
            FindDocumentsQuery q = new FindDocumentsQuery();
            q.setPatientId(docs.patientId(p));
            q.setStatus(List.of(AvailabilityStatus.APPROVED));
            var query = new QueryRegistryTransformer(FACTORY).toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)).getInternal();
            find[p] = shape(capture(urls.iti18(), iti18, port -> port.documentRegistryRegistryStoredQuery(query)), host, origin,
                    List.of(), List.of());
        }
        String sentinel = UniqueValues.oid();
        RetrieveDocumentSet rq = new RetrieveDocumentSet();
        rq.getDocuments().add(new DocumentReference(urls.repositoryUniqueId(), sentinel, null));
        var retrieveRequest = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rq).getInternal();
        retrieve = shape(capture(urls.iti43(), iti43, port -> port.documentRepositoryRetrieveDocumentSet(retrieveRequest)),
                host, origin, List.of(sentinel), List.of(Fresh.GIVEN));
        int port = target.getPort() < 0 ? 80 : target.getPort();
        String hostName = target.getHost();
        worker = ThreadLocal.withInitial(() -> {
            Worker w = new Worker(transport.open(hostName, port));
            workers.add(w);
            return w;
        });
    }

    private interface PortCall<T> {
        void call(T port) throws Exception;
    }

    /** What the CXF proxy sends for one call, and the origin (scheme://host:port) it was sent to. */
    private record Captured(WireCapture.Request request, String origin) {
    }

    private static <T> Captured capture(String realUrl, T port, PortCall<T> call) throws Exception {
        String path = URI.create(realUrl).getRawPath();
        String[] origin = new String[1];
        WireCapture.Request r = WireCapture.capture(path, url -> {
            origin[0] = url.substring(0, url.length() - path.length());
            ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url);
            call.call(port);
        });
        return new Captured(r, origin[0]);
    }

    private static Shape pnrShape(Captured c, ProvideAndRegisterDocumentSet s, String host, String origin) {
        String envelope = envelope(c.request());
        Set<String> ids = new LinkedHashSet<>();
        for (Matcher m = OBJECT_ID.matcher(envelope); m.find(); ) ids.add(m.group(1));
        Matcher time = SUBMISSION_TIME.matcher(envelope);
        if (!time.find()) throw new IllegalStateException("no submissionTime in the captured ITI-41 request");
        List<String> values = new ArrayList<>(ids);
        List<Fresh> kinds = new ArrayList<>(Collections.nCopies(ids.size(), Fresh.UUID));
        values.add(s.getDocuments().get(0).getDocumentEntry().getUniqueId());
        kinds.add(Fresh.DOCUMENT_UNIQUE_ID);
        values.add(s.getSubmissionSet().getUniqueId());
        kinds.add(Fresh.OID);
        values.add(time.group(1));
        kinds.add(Fresh.TIME);
        return shape(c, host, origin, values, kinds);
    }

    /** The template of a captured request: MessageID and the capture's address always, plus the given slots. */
    private static Shape shape(Captured c, String host, String origin, List<String> values, List<Fresh> kinds) {
        Matcher m = MESSAGE_ID.matcher(envelope(c.request()));
        if (!m.find()) throw new IllegalStateException("no WS-Addressing MessageID in the captured request");
        List<String> all = new ArrayList<>(values);
        List<Fresh> allKinds = new ArrayList<>(kinds);
        all.add(m.group(1));
        allKinds.add(Fresh.UUID);
        all.add(c.origin());
        allKinds.add(Fresh.FIXED);
        byte[][] fixed = new byte[all.size()][];
        fixed[all.size() - 1] = origin.getBytes(StandardCharsets.US_ASCII);
        return new Shape(RequestTemplate.of(c.request(), host, all), allKinds.toArray(Fresh[]::new), fixed);
    }

    private static String envelope(WireCapture.Request r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        int end = body.indexOf("Envelope>");
        return end < 0 ? body : body.substring(0, end);
    }

    /** Fills the slots of {@code shape}; returns the document uniqueId it made, if any. */
    private static String values(Shape shape, Worker w, byte[][] out, byte[] given) {
        String documentUniqueId = null;
        for (int k = 0; k < out.length; k++) {
            out[k] = switch (shape.kinds()[k]) {
                case UUID -> UniqueValues.uuidBytes();
                case DOCUMENT_UNIQUE_ID -> {
                    documentUniqueId = UniqueValues.oid();
                    yield documentUniqueId.getBytes(StandardCharsets.US_ASCII);
                }
                case OID -> UniqueValues.oid().getBytes(StandardCharsets.US_ASCII);
                case TIME -> w.values.hl7Now();
                case FIXED -> shape.fixed()[k];
                case GIVEN -> given;
            };
        }
        return documentUniqueId;
    }

    private static HttpConnection.Answer send(Shape shape, Worker w, byte[][] values) throws java.io.IOException {
        return w.exchange.send(shape.template(), values);
    }

    @Override
    public StoredDocument submit(int i) throws Exception {
        int patient = BenchDocuments.patientOf(i, docs.patients());
        Shape shape = pnr[patient];
        Worker w = worker.get();
        byte[][] values = new byte[shape.kinds().length][];
        String uniqueId = values(shape, w, values, null);
        Answers.success(send(shape, w, values));
        return new StoredDocument(uniqueId, patient);
    }

    @Override
    public int find(int patient) throws Exception {
        Shape shape = find[patient];
        Worker w = worker.get();
        byte[][] values = new byte[shape.kinds().length][];
        values(shape, w, values, null);
        HttpConnection.Answer a = send(shape, w, values);
        Answers.success(a);
        int n = Answers.documentEntries(a);
        if (n == 0) throw new Answers.BadAnswer("FindDocuments found nothing for patient " + patient + ", who has documents");
        return n;
    }

    @Override
    public void retrieve(StoredDocument d) throws Exception {
        Worker w = worker.get();
        byte[][] values = new byte[retrieve.kinds().length][];
        values(retrieve, w, values, d.uniqueId().getBytes(StandardCharsets.US_ASCII));
        Answers.retrieved(send(retrieve, w, values), d.uniqueId(), docs.content(d.patient()));
    }

    @Override
    public void close() {
        synchronized (workers) {
            for (Worker w : workers) w.exchange.close();
            workers.clear();
        }
    }
}
