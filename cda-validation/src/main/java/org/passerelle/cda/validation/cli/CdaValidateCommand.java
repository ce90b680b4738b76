package org.passerelle.cda.validation.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.passerelle.cda.validation.CdaFailure;
import org.passerelle.cda.validation.CdaValidationException;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.cda.validation.ValidationReport;
import org.passerelle.cda.validation.report.ReportFormat;
import org.passerelle.cda.validation.report.TextReport;
import org.passerelle.cda.validation.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cda-validate [--kit DIR] [--format text|json|junit|svrl|html] [--out DIR] [--jobs N] FILE|DIR...}
 *
 * <p>Exit code 0 when every document is valid, 1 when some document is invalid, 2 on a usage or I/O error (a missing
 * file, a kit folder that is not a kit); the batch goes on past bad files.
 */
@Command(name = "cda-validate", mixinStandardHelpOptions = true, version = "cda-validate 0.1.0",
        sortOptions = false, subcommands = {BenchCommand.class},
        description = {"Validates CDA R2 documents (N1/N3): secure XML, CDA XSD, CI-SIS profile schematrons, and the "
                + "volet schematron chosen from the templateIds. Folders are searched recursively for *.xml files. "
                + "Without --kit the project's embedded rules run (no XSD layer unless --xsd is given)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every document is valid", "1:some document is invalid",
                "2:usage or I/O error (missing file, bad kit folder)"})
public final class CdaValidateCommand implements Callable<Integer> {

    @Option(names = "--kit", paramLabel = "DIR", description = "the ANS CI-SIS kit folder (schematrons/, jeuxDeValeurs/, infrastructure/cda/)")
    Path kit;

    @Option(names = "--xsd", paramLabel = "DIR", description = "a folder with a CDA XSD (CDA_extended.xsd or CDA.xsd) for the XSD layer without a kit")
    Path xsd;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = "--out", paramLabel = "DIR", description = "write the report into this folder (stdout otherwise)")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "documents validated in parallel (default: number of CPUs)")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "100M",
            description = "largest document accepted, bytes or with K/M/G suffix (default: ${DEFAULT-VALUE})")
    String maxSize;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "on-disk cache of compiled schematrons (default: ~/.cache/passerelle/schematron)")
    Path cache;

    @Option(names = "--no-cache", description = "do not use the on-disk cache of compiled schematrons")
    boolean noCache;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "documents, or folders searched recursively")
    List<Path> inputs;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new CdaValidateCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("cda-validate: " + e.getMessage());
            return e instanceof CdaValidationException cve ? cve.failure().exitCode() : 2;
        });
        return cl.execute(args);
    }

    static long parseSize(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("K")) {
            mult = 1024;
        } else if (t.endsWith("M")) {
            mult = 1024 * 1024;
        } else if (t.endsWith("G")) {
            mult = 1024L * 1024 * 1024;
        }
        if (mult > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) * mult;
        } catch (NumberFormatException e) {
            throw new CdaValidationException(CdaFailure.USAGE, null, "--max-size: not a size: " + s);
        }
    }

    static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "passerelle", "schematron");
    }

    CdaValidator validator() {
        if (kit != null && !Files.isDirectory(kit)) {
            throw new CdaValidationException(CdaFailure.KIT_NOT_FOUND, null, kit + " (no such folder)");
        }
        CdaValidator.Builder b = CdaValidator.builder().kit(kit).xsd(xsd).maxBytes(parseSize(maxSize));
        if (!noCache) {
            b.diskCache(cache != null ? cache : defaultCache());
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (inputs == null || inputs.isEmpty()) {
            err.println("cda-validate: give at least one FILE or DIR (see --help)");
            return 2;
        }
        if (jobs < 1) {
            err.println("cda-validate: --jobs must be at least 1");
            return 2;
        }
        CdaValidator validator;
        try {
            validator = validator();
        } catch (CdaValidationException e) {
            err.println("cda-validate: " + e.getMessage());
            return e.failure().exitCode();
        }
        int exit = 0;
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    err.println("cda-validate: " + CdaFailure.IO_ERROR.format(in, e.getMessage()));
                    exit = 2;
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                err.println("cda-validate: " + CdaFailure.IO_ERROR.format(in, "no such file or folder"));
                exit = 2;
            }
        }

        List<ValidationReport> reports = validateAll(validator, files, err);
        boolean ioError = reports.size() < files.size();
        boolean invalid = reports.stream().anyMatch(r -> !r.valid());

        if (out != null) {
            Files.createDirectories(out);
            Path target = out.resolve(format.fileName());
            try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                format.write(reports, w);
            }
            Writer stdout = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            TextReport.summary(reports, stdout);
            stdout.write("report: " + target + "\n");
            stdout.flush();
        } else {
            Writer stdout = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            format.write(reports, stdout);
            stdout.flush();
        }
        if (ioError || exit == 2) {
            return 2;
        }
        return invalid ? 1 : 0;
    }

    private List<ValidationReport> validateAll(CdaValidator validator, List<Path> files, PrintWriter err)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, files.size())));
        boolean bar = System.console() != null && files.size() > 1;
        List<ValidationReport> reports = new ArrayList<>();
        try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("validating").setInitialMax(files.size())
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null) {
            List<Future<ValidationReport>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    try {
                        return validator.validate(f);
                    } finally {
                        if (pb != null) {
                            pb.step();
                        }
                    }
                }));
            }
            for (int i = 0; i < files.size(); i++) {
                try {
                    reports.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    err.println("cda-validate: " + files.get(i) + ": " + c.getMessage());
                }
            }
        } finally {
            pool.shutdown();
        }
        return reports;
    }
}
