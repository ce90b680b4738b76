package org.passerelle.gateway;

import org.passerelle.access.Consent;
import org.passerelle.access.Ins;
import org.passerelle.access.JdbcPatientDecisions;
import org.passerelle.access.PatientDecisionSet;
import org.passerelle.gateway.GatewayCommand.StoreOptions;
import org.passerelle.registry.PatientRecord;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code gateway patient activate | deactivate | show | oppose-consultation | oppose-feeding | block | emergency |
 * consent}: the R-03 activation flag (module registry) and the patient's decisions (module access-rules,
 * {@link JdbcPatientDecisions}). Every command needs a registered patient (exit 3 otherwise) and, under fr-dmp, a
 * qualified INS (exit 2, R-70); a decision is recorded in one transaction or not at all.
 */
final class PatientCommands {

    private PatientCommands() { }

    /** Under fr-dmp, the exit code and message for a patient id that is not a qualified INS; null when it is one. */
    static Integer checkIns(CommandLine.Model.CommandSpec spec, GatewayConfig config, String pid) {
        return checkIns(spec, config, "--pid", pid);
    }

    static Integer checkIns(CommandLine.Model.CommandSpec spec, GatewayConfig config, String option, String pid) {
        if (config.profile() != Profile.FR_DMP) return null;
        boolean key = !"false".equalsIgnoreCase(config.properties().getOrDefault("access.ins-key-check", "true").trim());
        Optional<String> problem = Ins.problem(pid, config.insTestOids(), key);
        if (problem.isEmpty()) return null;
        spec.commandLine().getErr().println("gateway: " + option + " " + pid + " is not a qualified INS (R-70): " + problem.get()
                + (config.insTestOids() ? "" : "; test INS authorities need --ins-test-oids"));
        return GatewayCommand.EXIT_USAGE;
    }

    static int unknown(CommandLine.Model.CommandSpec spec, String pid) {
        spec.commandLine().getErr().println("gateway: unknown patient " + pid
                + " (feed it with ITI-8 or register it first: gateway patient register --pid '" + pid + "')");
        return GatewayCommand.EXIT_NOT_FOUND;
    }

    /** Options every patient command has. */
    abstract static class PatientCommand implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin StoreOptions store = new StoreOptions();
        @Option(names = "--pid", required = true, paramLabel = "CX", description = "the patient's INS, CX: id^^^&oid&ISO")
        String pid;

        abstract int run(RegistryBackend backend, PatientRecord patient, PrintWriter out) throws Exception;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = store.load().build();
            Integer bad = checkIns(spec, config, pid);
            if (bad != null) return bad;
            try (RegistryBackend backend = Backends.open(config)) {
                Optional<PatientRecord> p = backend.patients().find(pid);
                if (p.isEmpty()) return unknown(spec, pid);
                return run(backend, p.get(), spec.commandLine().getOut());
            }
        }

        /** The decisions store on the gateway's database, keyed like the transactions (canonical CX). */
        static JdbcPatientDecisions decisions(RegistryBackend backend) {
            return JdbcPatientDecisions.open(backend.dataSource());
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "R-03: record that the patient activated Mon espace santé (he may then feed and consult his record himself).")
    static final class Activate extends PatientCommand {
        @Override
        int run(RegistryBackend backend, PatientRecord patient, PrintWriter out) {
            backend.patients().setActivated(patient.patientId(), true);
            out.println(patient.patientId() + " activated");
            return 0;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "R-03: record that the patient's Mon espace santé profile is not activated (patient-side access refused; professionals unaffected).")
    static final class Deactivate extends PatientCommand {
        @Override
        int run(RegistryBackend backend, PatientRecord patient, PrintWriter out) {
            backend.patients().setActivated(patient.patientId(), false);
            out.println(patient.patientId() + " not activated");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "R-07: the record state (since when, why), activation and every decision of the patient.")
    static final class Show extends PatientCommand {
        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            PatientDecisionSet d = decisions(backend).forPatient(p.patientId());
            out.println("patient              " + p.patientId() + (p.name() == null ? "" : " (" + p.name() + ")"));
            out.println("state                " + p.state() + " since " + p.stateSince() + (p.reason() == null ? "" : " (" + p.reason() + ")"));
            out.println("activated            " + (p.activated() ? "yes, since " + p.activatedAt() : "no"));
            out.println("consultation         " + (d.consultationOpposed() ? "OPPOSED" : "not opposed"));
            out.println("feeding opposed for  " + (d.feedingOpposedTypes().isEmpty() ? "-" : String.join(" ", d.feedingOpposedTypes().stream().sorted().toList())));
            out.println("blocked              " + (d.blockedProfessionals().isEmpty() ? "-" : String.join(" ", d.blockedProfessionals().stream().sorted().toList())));
            out.println("emergency access     " + (d.emergencyAllowed() ? "allowed" : "FORBIDDEN"));
            if (d.consents().isEmpty()) out.println("consents             -");
            for (Consent c : d.consents()) {
                out.println("consent              " + c.scope() + " " + c.grantee() + " from " + c.from() + (c.until() == null ? "" : " until " + c.until()));
            }
            return 0;
        }
    }

    @Command(name = "oppose-consultation", mixinStandardHelpOptions = true,
            description = "R-05: record the patient's opposition to consultation (no reason needed), or withdraw it.")
    static final class OpposeConsultation extends PatientCommand {
        @Option(names = "--withdraw", description = "withdraw the opposition") boolean withdraw;

        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            decisions(backend).setConsultationOpposed(p.patientId(), !withdraw);
            out.println(p.patientId() + " consultation " + (withdraw ? "no longer opposed" : "opposed"));
            return 0;
        }
    }

    @Command(name = "oppose-feeding", mixinStandardHelpOptions = true,
            description = "R-04: record an opposition to feeding for one typeCode or '*' (every type), with its legitimate reason; or withdraw it.")
    static final class OpposeFeeding extends PatientCommand {
        @Option(names = "--type", required = true, paramLabel = "TYPECODE", description = "document typeCode, or '*' for every type") String type;
        @Option(names = "--reason", description = "the legitimate reason (required unless --withdraw)") String reason;
        @Option(names = "--withdraw", description = "withdraw the opposition for this type") boolean withdraw;

        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            if (type.isBlank()) throw usage("--type must be a typeCode or '*'");
            if (withdraw) {
                decisions(backend).withdrawFeedingOpposition(p.patientId(), type.trim());
                out.println(p.patientId() + " feeding of " + type.trim() + " no longer opposed");
                return 0;
            }
            if (reason == null || reason.isBlank()) throw usage("R-04: an opposition to feeding needs a legitimate reason (--reason)");
            decisions(backend).opposeFeeding(p.patientId(), type.trim(), reason.trim());
            out.println(p.patientId() + " feeding of " + type.trim() + " opposed (" + reason.trim() + ")");
            return 0;
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "R-06: block a professional (his national identifier, the VIHF NameID), or unblock him.")
    static final class Block extends PatientCommand {
        @Option(names = "--professional", required = true, paramLabel = "NAMEID", description = "the professional's national identifier (RPPS/ADELI)") String professional;
        @Option(names = "--unblock", description = "lift the block") boolean unblock;

        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            if (professional.isBlank()) throw usage("--professional must not be blank");
            if (unblock) decisions(backend).unblock(p.patientId(), professional.trim());
            else decisions(backend).block(p.patientId(), professional.trim());
            out.println(p.patientId() + " professional " + professional.trim() + (unblock ? " unblocked" : " blocked"));
            return 0;
        }
    }

    @Command(name = "emergency", mixinStandardHelpOptions = true,
            description = "R-21: allow (the default) or forbid emergency accesses (bris de glace, centre 15).")
    static final class Emergency extends PatientCommand {
        @ArgGroup(exclusive = true, multiplicity = "1") Choice choice;

        static final class Choice {
            @Option(names = "--allow", required = true, description = "allow emergency accesses") boolean allow;
            @Option(names = "--forbid", required = true, description = "forbid emergency accesses") boolean forbid;
        }

        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            decisions(backend).setEmergencyAllowed(p.patientId(), choice.allow);
            out.println(p.patientId() + " emergency access " + (choice.allow ? "allowed" : "forbidden"));
            return 0;
        }
    }

    @Command(name = "consent", mixinStandardHelpOptions = true,
            description = "R-20: record the patient's consent to consultation for a care team (Identifiant_Structure) or one professional, with a validity period; or revoke it.")
    static final class ConsentCmd extends PatientCommand {
        @ArgGroup(exclusive = true, multiplicity = "1") Grantee grantee;
        @Option(names = "--from", paramLabel = "INSTANT", description = "start, ISO-8601 UTC (default: now)") String from;
        @Option(names = "--until", paramLabel = "INSTANT", description = "end (exclusive), ISO-8601 UTC (default: open-ended)") String until;
        @Option(names = "--revoke", description = "revoke this consent") boolean revoke;

        static final class Grantee {
            @Option(names = "--care-team", required = true, paramLabel = "STRUCTURE", description = "the care team's Identifiant_Structure") String careTeam;
            @Option(names = "--professional", required = true, paramLabel = "NAMEID", description = "the professional's national identifier") String professional;
        }

        @Override
        int run(RegistryBackend backend, PatientRecord p, PrintWriter out) {
            Consent.Scope scope = grantee.careTeam != null ? Consent.Scope.CARE_TEAM : Consent.Scope.PROFESSIONAL;
            String who = (grantee.careTeam != null ? grantee.careTeam : grantee.professional).trim();
            if (who.isEmpty()) throw usage("the grantee must not be blank");
            if (revoke) {
                decisions(backend).revokeConsent(p.patientId(), scope, who);
                out.println(p.patientId() + " consent of " + scope + " " + who + " revoked");
                return 0;
            }
            Consent consent;
            try {
                consent = new Consent(scope, who, from == null ? Instant.now() : Instant.parse(from), until == null ? null : Instant.parse(until));
            } catch (DateTimeParseException e) {
                throw usage("--from/--until must be ISO-8601 instants such as 2026-01-01T00:00:00Z: " + e.getParsedString());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            decisions(backend).grantConsent(p.patientId(), consent);
            out.println(p.patientId() + " consent given to " + scope + " " + who + " from " + consent.from()
                    + (consent.until() == null ? "" : " until " + consent.until()));
            return 0;
        }
    }
}
