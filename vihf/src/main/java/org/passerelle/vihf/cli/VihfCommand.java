package org.passerelle.vihf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code vihf sign | verify | bench}: build and sign a VIHF, check one as the gateway would, time verification. */
@Command(name = "vihf", mixinStandardHelpOptions = true, version = "vihf 0.1.0",
        description = "VIHF / IHE XUA assertions: build and sign (client side), verify (gateway checks), benchmark.",
        subcommands = {SignCommand.class, VerifyCommand.class, BenchCommand.class})
public final class VihfCommand implements Callable<Integer> {

    /** Exit codes. */
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int IO_ERROR = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VihfCommand()).execute(args));
    }
}
