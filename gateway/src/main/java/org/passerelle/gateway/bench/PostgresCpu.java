package org.passerelle.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU used by a PostgreSQL server on this machine, from {@code /proc/<pid>/stat} (utime + stime) of the
 * {@code postgres} processes, sampled before and after a phase (processes started in between count from zero).
 * Counted: the backends serving this JVM's own connections (their client port is one of this process's sockets to
 * the server) and the server's shared processes (postmaster, WAL writer, checkpointer, background writer, autovacuum,
 * parallel workers); not counted: backends serving other clients of the same server, whose CPU is reported apart.
 */
public final class PostgresCpu {
    /** Linux USER_HZ: the unit of utime and stime (100 on every mainstream kernel configuration). */
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern CLIENT = Pattern.compile("(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:]*:[0-9a-fA-F:]*\\]?)\\((\\d+)\\)");

    private final int serverPort;

    private PostgresCpu(int serverPort) {
        this.serverPort = serverPort;
    }

    /** A sampler when {@code jdbcUrl} is PostgreSQL on this machine's loopback and /proc is there, else null. */
    public static PostgresCpu forJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://") || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null;
        }
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = u.getHost();
        if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"))) {
            return null;
        }
        return new PostgresCpu(u.getPort() < 0 ? 5432 : u.getPort());
    }

    /** CPU ticks per postgres process, and whether it serves another client. */
    public record Sample(Map<Integer, Long> ticks, Set<Integer> foreign) {
    }

    /** CPU between two samples: the server's for this JVM, and other clients' backends. */
    public record Usage(long ownNanos, long foreignNanos) {
    }

    public Sample sample() {
        Set<Integer> ownPorts = ownClientPorts();
        Map<Integer, Long> ticks = new HashMap<>();
        Set<Integer> foreign = new HashSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars()
                .allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) continue;
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is field 3, utime field 14 and stime field 15
                    long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    int pid = Integer.parseInt(proc.getFileName().toString());
                    ticks.put(pid, cpu);
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.ISO_8859_1);
                    Matcher m = CLIENT.matcher(cmd);
                    if (m.find() && !ownPorts.contains(Integer.parseInt(m.group(1)))) foreign.add(pid);
                    else if (cmd.contains("[local]")) foreign.add(pid);
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Sample(ticks, foreign);
    }

    public static Usage between(Sample before, Sample after) {
        long own = 0;
        long foreign = 0;
        for (Map.Entry<Integer, Long> e : after.ticks().entrySet()) {
            long d = e.getValue() - before.ticks().getOrDefault(e.getKey(), 0L);
            if (d <= 0) continue;
            if (after.foreign().contains(e.getKey())) foreign += d;
            else own += d;
        }
        return new Usage(own * 1_000_000_000L / TICKS_PER_SECOND, foreign * 1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Local ports of this process's TCP sockets connected to the server's port. */
    private Set<Integer> ownClientPorts() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) inodes.add(link.substring(8, link.length() - 1));
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : new String[]{"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[0].endsWith(":")) continue;
                    String local = f[1];
                    String remote = f[2];
                    int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                    if (remotePort == serverPort && inodes.contains(f[9])) {
                        ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException absent) {
                // no IPv6 table
            }
        }
        return ports;
    }
}
