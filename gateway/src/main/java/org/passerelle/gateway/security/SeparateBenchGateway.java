package org.passerelle.gateway.security;

import org.passerelle.gateway.GatewayServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gateway of {@link Iti18SecurityBench} running in a JVM of its own (a child process on the same class path),
 * so that its JIT compiles and settles on its own code path alone, as a production node's does, instead of on the
 * mix of two gateways and the load generator in one JVM.
 * <p>
 * The child starts the gateway, seeds the patient's entries and prints one line {@code @bench ready URL} on its
 * standard output; then each line {@code counters} it reads on its standard input is answered with
 * {@code @bench counters connections handshakes process server client jit gc} (its Jetty connection counters and
 * its {@link SecurityBenchSupport.Cpu} in nanoseconds); {@code quit} or the end of its input stops it. Its logs go to
 * the standard error, which the parent shares. Other lines on the standard output are ignored.
 */
final class SeparateBenchGateway implements Iti18SecurityBench.BenchGateway {
    private static final String PREFIX = "@bench ";

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String iti18Url;
    private final int processors;

    private SeparateBenchGateway(Process process, BufferedReader out, PrintWriter in, String iti18Url, int processors) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.iti18Url = iti18Url;
        this.processors = processors;
    }

    /**
     * Starts a child JVM running one gateway of the bench; returns once it serves. The child gets
     * this JVM's options (heap size, GC…) followed by {@code extraJvmOptions}, where {@code {gateway}} stands for
     * {@code plain}, {@code mtls} or {@code secure} (e.g. to name a flight recording). With {@code cpusOrNull} (a Linux CPU list such
     * as {@code 1} or {@code 2-3}) the child runs on those CPUs only ({@code taskset -c}); a child otherwise inherits
     * this JVM's CPU affinity.
     */
    static SeparateBenchGateway start(Iti18SecurityBench.Security security, Path pki, String password, int documents,
                                      Path dataDir,
                                      List<String> extraJvmOptions, String cpusOrNull) throws IOException {
        List<String> command = new ArrayList<>();
        if (cpusOrNull != null) command.addAll(List.of("taskset", "-c", cpusOrNull));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger or profiler agent, or a recording, belongs to the process it was given to
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")
                    && !option.startsWith("-XX:StartFlightRecording")) {
                command.add(option);
            }
        }
        for (String option : extraJvmOptions) command.add(option.replace("{gateway}", security.id));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SeparateBenchGateway.class.getName());
        command.add(security.id);
        command.add(pki.toString());
        command.add(password);
        command.add(String.valueOf(documents));
        command.add(dataDir.toString());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            String[] ready = reply(p, out, "ready").split(" ");
            return new SeparateBenchGateway(p, out, in, ready[0], Integer.parseInt(ready[1]));
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    @Override
    public String iti18Url() {
        return iti18Url;
    }

    @Override
    public int processors() {
        return processors;
    }

    @Override
    public SecurityBenchSupport.Counters counters() throws IOException {
        in.println("counters");
        String[] f = reply(process, out, "counters").split(" ");
        return new SecurityBenchSupport.Counters(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                new SecurityBenchSupport.Cpu(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5]), Long.parseLong(f[6])));
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The rest of the child's next {@code @bench what …} line, skipping any other output. */
    private static String reply(Process p, BufferedReader out, String what) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(PREFIX + what + " ")) return line.substring(PREFIX.length() + what.length() + 1);
        }
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        throw new IOException("the bench gateway process " + p.pid() + " ended (exit " + exit + ") before its '"
                + what + "' line; its log is on the standard error above");
    }

    /** The child: {@code plain|mtls|secure PKI PASSWORD DOCUMENTS DATA_DIR}. */
    public static void main(String[] args) throws Exception {
        Iti18SecurityBench.Security security = Iti18SecurityBench.Security.of(args[0]);
        Path pki = Path.of(args[1]);
        String password = args[2];
        int documents = Integer.parseInt(args[3]);
        Path dataDir = Path.of(args[4]);
        try (GatewayServer gateway = GatewayServer.start(Iti18SecurityBench.config(security, pki, password, dataDir))) {
            Iti18SecurityBench.seed(gateway, documents);
            SecurityBenchSupport.ServerConnections connections =
                    SecurityBenchSupport.ServerConnections.attach(gateway.port());
            System.out.println(PREFIX + "ready " + gateway.iti18Url() + " " + Runtime.getRuntime().availableProcessors());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                if (!line.equals("counters")) {
                    throw new UncheckedIOException(new IOException("unknown bench command '" + line + "'"));
                }
                SecurityBenchSupport.Cpu c = SecurityBenchSupport.Cpu.now();
                System.out.println(PREFIX + "counters " + connections.connections() + " " + connections.handshakes()
                        + " " + c.processNanos() + " " + c.serverNanos() + " " + c.clientNanos() + " "
                        + c.jitNanos() + " " + c.gcNanos());
                System.out.flush();
            }
        }
        // the gateway closed its CXF bus; Jetty's or H2's leftover non-daemon threads must not keep the child alive
        System.exit(0);
    }
}
