package org.passerelle.gateway.perf;

import org.passerelle.gateway.Bench;
import picocli.CommandLine;

/** {@code gateway bench} as a main class, for {@link BigDocumentTest}'s forked JVM. */
public final class BigDocumentBenchMain {
    private BigDocumentBenchMain() { }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
