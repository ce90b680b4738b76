package org.passerelle.client;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * a durable outbox of prepared ITI-41 submissions, so that a DPI sends in the background and survives restarts
 * and gateway outages. One folder per state:
 * <pre>
 * DIR/pending/ID.xml      the ITI-41 message exactly as it will be sent (ebXML, documents inline in base64)
 * DIR/pending/ID.state    attempts, next attempt, last error (absent before the first attempt)
 * DIR/sent/ID.xml         delivered (ID.state holds the answer)
 * DIR/failed/ID.xml       refused by the registry/repository (ID.state holds the errors); never retried
 * DIR/tmp/                files being written; moved into place atomically, leftovers are ignored
 * </pre>
 * Transport failures, server-side SOAP faults (Receiver) and HTTP 5xx are retried with exponential backoff
 * ({@link RetryPolicy}); business refusals (ebRS Failure, Sender faults such as a refused VIHF) go to
 * {@code failed/} with their errors at once. The message is re-sent byte-identical (same submission set and
 * document uniqueIds), so a delivery whose answer was lost is recognised by the gateway as a re-send and not
 * duplicated. Safe for one deliverer at a time per folder.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(ProvideAndRegisterDocumentSetRequestType.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where an entry is. */
    public enum State { PENDING, SENT, FAILED }

    /**
     * One queued submission.
     *
     * @param id               file name stem: UTC time of enqueueing, then a random part (sorts in sending order)
     * @param submissionSetUid the SubmissionSet.uniqueId it carries
     * @param attempts         delivery attempts so far
     * @param nextAttempt      not before this instant (null: at once)
     * @param lastResult       the last error or answer, one line per error
     */
    public record Entry(String id, State state, String submissionSetUid, int attempts, Instant nextAttempt,
                        String lastResult) { }

    /** What one delivery pass did. */
    public record Report(List<String> sent, List<String> failed, List<String> retryLater) {
        public boolean allDelivered() { return failed.isEmpty() && retryLater.isEmpty(); }
    }

    private final Path dir;
    private final Clock clock;

    private Outbox(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Opens (creating it if needed) the outbox folder. */
    public static Outbox open(Path dir) throws ClientException {
        return open(dir, Clock.systemUTC());
    }

    public static Outbox open(Path dir, Clock clock) throws ClientException {
        try {
            for (State s : State.values()) Files.createDirectories(dir.resolve(folder(s)));
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw ClientFailure.IO.exception(e, "cannot create the outbox folders in " + dir + ": " + e.getMessage());
        }
        return new Outbox(dir, clock);
    }

    public Path dir() { return dir; }

    /** Queues a prepared submission (the French forms written as for {@link XdsClient#provideAndRegister}). */
    public Entry enqueue(ProvideAndRegisterDocumentSet request) throws ClientException {
        return enqueue(FrenchSubmission.toEbXml(request).getInternal());
    }

    /** Queues a ready ITI-41 message; it is on disk (durable) when this returns. */
    public Entry enqueue(ProvideAndRegisterDocumentSetRequestType request) throws ClientException {
        String id = ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        StringWriter xml = new StringWriter();
        try {
            CONTEXT.createMarshaller().marshal(request, xml);
        } catch (JAXBException e) {
            throw ClientFailure.IO.exception(e, "cannot write the submission to the outbox: " + e.getMessage());
        }
        String uid = submissionSetUid(request);
        writeStateIn(State.PENDING, id, uid, 0, null, null);
        writeAtomically(pending(id + ".xml"), xml.toString());
        LOG.info("Outbox {}: queued {} (submission set {})", dir, id, uid);
        return new Entry(id, State.PENDING, uid, 0, null, null);
    }

    /** Entries in one state, oldest first. */
    public List<Entry> list(State state) throws ClientException {
        List<Entry> out = new ArrayList<>();
        Path folder = dir.resolve(folder(state));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.xml")) {
            for (Path f : files) {
                String id = f.getFileName().toString().replaceFirst("\\.xml$", "");
                out.add(entry(state, id));
            }
        } catch (IOException e) {
            throw ClientFailure.IO.exception(e, "cannot read the outbox folder " + folder + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(Entry::id));
        return out;
    }

    /** The queued ITI-41 message of an entry. */
    public ProvideAndRegisterDocumentSetRequestType message(Entry e) throws ClientException {
        return read(dir.resolve(folder(e.state())).resolve(e.id() + ".xml"));
    }

    /**
     * One pass: sends every pending entry that is due, in order. Each outcome is on disk before the next send.
     * @param force also send entries whose next attempt is still in the future
     */
    public Report deliver(XdsClient client, RetryPolicy policy, boolean force) throws ClientException {
        List<String> sent = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> later = new ArrayList<>();
        Instant now = clock.instant();
        for (Entry e : list(State.PENDING)) {
            if (!force && e.nextAttempt() != null && e.nextAttempt().isAfter(now)) {
                later.add(e.id());
                continue;
            }
            ProvideAndRegisterDocumentSetRequestType message;
            try {
                message = message(e);
            } catch (ClientException unreadable) {
                // a damaged file will not get better: keep it out of the way, with the reason
                moveWithState(e, State.FAILED, e.attempts(), null, "unreadable queued message: " + unreadable.getMessage());
                failed.add(e.id());
                continue;
            }
            int attempt = e.attempts() + 1;
            try {
                Response r = client.provideAndRegister(message);
                if (r.getStatus() == Status.SUCCESS || r.getStatus() == Status.PARTIAL_SUCCESS) {
                    moveWithState(e, State.SENT, attempt, null, ResultPrinter.label(r.getStatus()) + errors(r.getErrors()));
                    LOG.info("Outbox {}: {} delivered (attempt {})", dir, e.id(), attempt);
                    sent.add(e.id());
                } else {
                    String why = "registry answered Failure" + errors(r.getErrors());
                    moveWithState(e, State.FAILED, attempt, null, why);
                    LOG.warn("Outbox {}: {} refused, moved to failed/ ({}); fix and re-queue it", dir, e.id(), why);
                    failed.add(e.id());
                }
            } catch (ClientException ce) {
                if (policy.retryable(ce.failure()) && !policy.exhausted(attempt)) {
                    Instant next = now.plus(policy.delayAfter(attempt));
                    writeStateIn(State.PENDING, e.id(), e.submissionSetUid(), attempt, next, ce.failure() + ": " + ce.getMessage());
                    LOG.warn("Outbox {}: {} not delivered (attempt {}: {}); next attempt at {}", dir, e.id(), attempt,
                            ce.getMessage(), next);
                    later.add(e.id());
                } else {
                    moveWithState(e, State.FAILED, attempt, null, ce.failure() + ": " + ce.getMessage());
                    LOG.warn("Outbox {}: {} moved to failed/ after attempt {}: {}", dir, e.id(), attempt, ce.getMessage());
                    failed.add(e.id());
                }
            }
        }
        return new Report(sent, failed, later);
    }

    /**
     * Delivers in the background ("en tâche de fond", R-91): a daemon thread runs {@link #deliver} every
     * {@code interval} until the returned handle is closed. Failures are logged and retried by the policy.
     */
    public AutoCloseable startBackground(XdsClient client, RetryPolicy policy, java.time.Duration interval) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox " + dir.getFileName());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                deliver(client, policy, false);
            } catch (ClientException | RuntimeException e) {
                LOG.error("Outbox {}: delivery pass failed: {}", dir, e.getMessage(), e);
            }
        }, 0, interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdown();
            if (!timer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) timer.shutdownNow();
        };
    }

    /** Puts a failed entry back in the queue (after the cause was fixed), attempts reset. */
    public void requeue(String id) throws ClientException {
        Path from = dir.resolve(folder(State.FAILED)).resolve(id + ".xml");
        if (!Files.isRegularFile(from)) throw ClientFailure.USAGE.exception("no failed outbox entry " + id + " in " + dir);
        Entry failed = entry(State.FAILED, id);
        writeStateIn(State.PENDING, id, failed.submissionSetUid(), 0, null, "re-queued after: " + failed.lastResult());
        move(from, pending(id + ".xml"));
        try {
            Files.deleteIfExists(dir.resolve(folder(State.FAILED)).resolve(id + ".state"));
        } catch (IOException e) {
            throw ClientFailure.IO.exception(e, "cannot clear the state of " + id + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    private static String folder(State s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Path pending(String name) {
        return dir.resolve("pending").resolve(name);
    }

    private Entry entry(State state, String id) throws ClientException {
        Properties p = new Properties();
        Path stateFile = dir.resolve(folder(state)).resolve(id + ".state");
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            // never attempted
        } catch (IOException e) {
            throw ClientFailure.IO.exception(e, "cannot read " + stateFile + ": " + e.getMessage());
        }
        String next = p.getProperty("nextAttempt");
        return new Entry(id, state, p.getProperty("submissionSet"), Integer.parseInt(p.getProperty("attempts", "0")),
                next == null ? null : Instant.parse(next), p.getProperty("lastResult"));
    }

    private void writeStateIn(State state, String id, String submissionSetUid, int attempts, Instant next,
                              String lastResult) throws ClientException {
        Properties p = new Properties();
        if (submissionSetUid != null) p.setProperty("submissionSet", submissionSetUid);
        p.setProperty("attempts", Integer.toString(attempts));
        if (next != null) p.setProperty("nextAttempt", next.toString());
        if (lastResult != null) p.setProperty("lastResult", lastResult);
        p.setProperty("updated", clock.instant().toString());
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        writeAtomically(dir.resolve(folder(state)).resolve(id + ".state"), w.toString());
    }

    /** The state goes first, then the message: a crash in between leaves the entry where it was (re-sent, harmless). */
    private void moveWithState(Entry e, State to, int attempts, Instant next, String lastResult) throws ClientException {
        writeStateIn(to, e.id(), e.submissionSetUid(), attempts, next, lastResult);
        move(pending(e.id() + ".xml"), dir.resolve(folder(to)).resolve(e.id() + ".xml"));
        try {
            Files.deleteIfExists(pending(e.id() + ".state"));
        } catch (IOException ex) {
            throw ClientFailure.IO.exception(ex, "cannot remove " + pending(e.id() + ".state") + ": " + ex.getMessage());
        }
    }

    private void writeAtomically(Path target, String text) throws ClientException {
        Path tmp = dir.resolve("tmp").resolve(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the tmp folder is ignored anyway
            }
            throw ClientFailure.IO.exception(e, "cannot write " + target + ": " + e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws ClientException {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw ClientFailure.IO.exception(e, "cannot move " + from + " to " + to + ": " + e.getMessage());
        }
    }

    private static ProvideAndRegisterDocumentSetRequestType read(Path file) throws ClientException {
        try {
            Object o = CONTEXT.createUnmarshaller().unmarshal(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            if (o instanceof jakarta.xml.bind.JAXBElement<?> je) o = je.getValue();
            if (!(o instanceof ProvideAndRegisterDocumentSetRequestType r)) {
                throw ClientFailure.IO.exception(file + " is not an ITI-41 message");
            }
            return r;
        } catch (IOException | JAXBException e) {
            throw ClientFailure.IO.exception(e, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String submissionSetUid(ProvideAndRegisterDocumentSetRequestType request) {
        try {
            var ebXml = new org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLProvideAndRegisterDocumentSetRequest30(request);
            return ebXml.getRegistryPackages(org.openehealth.ipf.commons.ihe.xds.core.metadata.Vocabulary.SUBMISSION_SET_CLASS_NODE)
                    .stream().findFirst()
                    .map(p -> p.getExternalIdentifierValue(org.openehealth.ipf.commons.ihe.xds.core.metadata.Vocabulary.SUBMISSION_SET_UNIQUE_ID_EXTERNAL_ID))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String errors(List<ErrorInfo> errors) {
        if (errors.isEmpty()) return "";
        return errors.stream().map(e -> (e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode())
                + ": " + (e.getCodeContext() == null ? "" : e.getCodeContext())).collect(Collectors.joining("; ", " — ", ""));
    }
}
