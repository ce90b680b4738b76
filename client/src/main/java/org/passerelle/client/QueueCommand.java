package org.passerelle.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code xds-client queue run|list|requeue}: the durable outbox filled by {@code send --queue}. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Deliver or inspect the durable outbox filled by 'send --queue DIR'.",
        subcommands = {QueueCommand.Run.class, QueueCommand.ListEntries.class, QueueCommand.Requeue.class})
final class QueueCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Send the pending submissions that are due. Transport failures and server faults are retried"
                    + " with backoff; refusals go to DIR/failed with their errors.%n"
                    + "Exit: 0 all delivered, 1 some refused, 3 some still pending (gateway unreachable).")
    static final class Run implements Callable<Integer> {
        @Mixin
        XdsClientCommand.Connection connection = new XdsClientCommand.Connection();
        @Option(names = "--queue", required = true, paramLabel = "DIR", description = "outbox folder")
        Path queue;
        @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS",
                description = "keep retrying until the queue is empty or this time has passed (default 0: one pass)")
        long waitSeconds;
        @Option(names = "--force", description = "also send the entries whose next attempt is not due yet")
        boolean force;
        @Option(names = "--initial-delay", defaultValue = "30", paramLabel = "SECONDS", description = "wait after a first failed attempt (doubles each time; default 30)")
        long initialDelay;
        @Option(names = "--max-delay", defaultValue = "1800", paramLabel = "SECONDS", description = "longest wait between attempts (default 1800)")
        long maxDelay;
        @Option(names = "--max-attempts", defaultValue = "0", description = "give up (move to failed) after this many attempts; 0 = never (default)")
        int maxAttempts;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Outbox outbox = Outbox.open(queue);
            RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(initialDelay), Duration.ofSeconds(Math.max(maxDelay, initialDelay)), maxAttempts);
            XdsClient client = connection.client();
            Instant deadline = Instant.now().plusSeconds(waitSeconds);
            int sent = 0;
            int failed = 0;
            boolean first = true;
            while (true) {
                Outbox.Report r = outbox.deliver(client, policy, force && first);
                first = false;
                for (String id : r.sent()) out.println("sent    " + id);
                for (String id : r.failed()) out.println("failed  " + id + " -> " + queue.resolve("failed"));
                sent += r.sent().size();
                failed += r.failed().size();
                List<Outbox.Entry> pending = outbox.list(Outbox.State.PENDING);
                if (pending.isEmpty() || !Instant.now().isBefore(deadline)) {
                    out.println("queue " + queue + ": " + sent + " sent, " + failed + " refused, " + pending.size() + " pending");
                    for (Outbox.Entry e : pending) out.println("pending " + describe(e));
                    return failed > 0 ? 1 : pending.isEmpty() ? 0 : 3;
                }
                Instant next = pending.stream().map(Outbox.Entry::nextAttempt).filter(java.util.Objects::nonNull)
                        .min(Instant::compareTo).orElse(Instant.now());
                long sleep = Math.max(100, Math.min(Duration.between(Instant.now(), next).toMillis(),
                        Duration.between(Instant.now(), deadline).toMillis()));
                Thread.sleep(sleep);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the pending, failed and sent entries.")
    static final class ListEntries implements Callable<Integer> {
        @Option(names = "--queue", required = true, paramLabel = "DIR", description = "outbox folder")
        Path queue;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ClientException {
            PrintWriter out = spec.commandLine().getOut();
            Outbox outbox = Outbox.open(queue);
            for (Outbox.State s : Outbox.State.values()) {
                List<Outbox.Entry> entries = outbox.list(s);
                out.println(s.name().toLowerCase(java.util.Locale.ROOT) + ": " + entries.size());
                for (Outbox.Entry e : entries) out.println("  " + describe(e));
            }
            return 0;
        }
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true, description = "Put failed entries back in the queue once their cause is fixed.")
    static final class Requeue implements Callable<Integer> {
        @Option(names = "--queue", required = true, paramLabel = "DIR", description = "outbox folder")
        Path queue;
        @Parameters(arity = "1..*", paramLabel = "ID", description = "entry ids (see 'queue list')")
        List<String> ids;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ClientException {
            Outbox outbox = Outbox.open(queue);
            for (String id : ids) {
                outbox.requeue(id);
                spec.commandLine().getOut().println("requeued " + id);
            }
            return 0;
        }
    }

    static String describe(Outbox.Entry e) {
        return e.id() + "  submission set " + e.submissionSetUid() + "  attempts " + e.attempts()
                + (e.nextAttempt() == null ? "" : "  next " + e.nextAttempt())
                + (e.lastResult() == null ? "" : "  last: " + e.lastResult());
    }
}
