package org.passerelle.cda.validation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cda-validate bench --kit DIR}: throughput of the engine against the kit's own pipeline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Validates every shared example with the kit, warm, and compares with the official pipeline.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--kit", required = true, paramLabel = "DIR", description = "the ANS CI-SIS kit folder")
    Path kit;

    @Override
    public Integer call() {
        System.err.println("bench: not implemented yet");
        return 2;
    }
}
