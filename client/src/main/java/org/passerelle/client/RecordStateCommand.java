package org.passerelle.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code xds-client record-state --patient INS}: the gateway's TD0.2 record state. */
@Command(name = "record-state", mixinStandardHelpOptions = true,
        description = "TD0.2 (R-07, R-90): is the patient's record open, and may the VIHF's professional consult it? "
                + "Ask before any document query. Exit 0 when answered (whatever the state), 1 refused, 2 usage/transport.")
final class RecordStateCommand implements Callable<Integer> {
    @Mixin
    XdsClientCommand.Connection connection = new XdsClientCommand.Connection();
    @Option(names = "--patient", required = true, paramLabel = "INS", description = "the patient's INS in CX form (the VIHF resource-id must be the same)")
    String patient;
    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ClientException {
        RecordState s = connection.client().recordState(patient);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(s.toMap()));
            return 0;
        }
        out.println("patient       " + s.patientId() + (s.known() ? "" : " (never seen by the gateway: ACTIVE on first use)"));
        out.println("record        " + s.state() + (s.stateSince() == null ? "" : " since " + s.stateSince())
                + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        out.println("activated     " + (s.activated() ? "yes (Mon espace santé)" : "no"));
        out.println("consultation  " + (s.consultationAuthorised() ? "AUTHORISED" : "NOT AUTHORISED") + " — "
                + (s.consultationRule() == null ? "" : s.consultationRule() + ": ") + s.consultationReason());
        return 0;
    }
}
