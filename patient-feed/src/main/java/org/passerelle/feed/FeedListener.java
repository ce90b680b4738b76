package org.passerelle.feed;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ApplicationRouter;
import ca.uhn.hl7v2.protocol.impl.AppRoutingDataImpl;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ITI-8 patient identity feed listener: HL7 v2 ADT over MLLP (HAPI {@code SimpleServer}). Messages of any 2.x
 * version are read with the v2.5 structures. Use {@link #start(int, PatientSink)}; {@link #close()} stops it.
 */
public final class FeedListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedListener.class);

    private final HapiContext context;
    private final HL7Service server;
    private final int port;

    private FeedListener(HapiContext context, HL7Service server, int port) {
        this.context = context;
        this.server = server;
        this.port = port;
    }

    /** Starts a listener in the IHE profile (any ISO OID assigning authority). Port 0 picks a free port. */
    public static FeedListener start(int port, PatientSink sink) {
        return start(port, sink, FeedOptions.ihe());
    }

    public static FeedListener start(int port, PatientSink sink, FeedOptions options) {
        int actual = port == 0 ? freePort() : port;
        HapiContext context = new DefaultHapiContext();
        // its own threads: HAPI's default executor is JVM-wide, closing one context would stop every other one
        context.setExecutorService(Executors.newCachedThreadPool(daemonThreads("iti8-listener-" + actual)));
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5"));
        // structure is checked by FeedApplication with precise ERR segments; HAPI's primitive rules would
        // refuse harmless NIST test-tool messages with a generic error
        context.setValidationContext(ValidationContextFactory.noValidation());
        // ACK control ids in memory: HAPI's default generator writes an id_file in the working directory
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        HL7Service server = context.newServer(actual, false);
        ApplicationRouter.AppRoutingData all = new AppRoutingDataImpl("*", "*", "*", "*");
        server.registerApplication(all, new FeedApplication(sink, options));
        try {
            server.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(context);
            throw new IllegalStateException("interrupted while starting the ITI-8 listener on port " + actual, e);
        } catch (RuntimeException e) {
            closeQuietly(context);
            throw new IllegalStateException("cannot start the ITI-8 listener on port " + actual + ": " + e.getMessage(), e);
        }
        if (!server.isRunning()) {
            Throwable cause = server.getServiceExitedWithException();
            closeQuietly(context);
            throw new IllegalStateException("cannot start the ITI-8 listener on port " + actual
                    + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
        LOG.info("ITI-8 patient identity feed listening on MLLP port {} (profile {})", actual, options.profile());
        return new FeedListener(context, server, actual);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        server.stopAndWait();
        closeQuietly(context);
        LOG.info("ITI-8 listener on port {} stopped", port);
    }

    private static void closeQuietly(HapiContext context) {
        try {
            context.close();
        } catch (IOException e) {
            LOG.debug("closing HAPI context", e);
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port for the ITI-8 listener", e);
        }
    }
}
