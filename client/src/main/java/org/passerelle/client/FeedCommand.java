package org.passerelle.client;

import org.passerelle.feed.FeedAck;
import org.passerelle.feed.FeedSender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code xds-client feed}: registers a patient with an ITI-8 ADT^A01 over MLLP before sending documents. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "ITI-8: send ADT^A01 over MLLP so the registry knows the patient (exit 1 on AE/AR).")
final class FeedCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "localhost", description = "MLLP host (default localhost)")
    String host;
    @Option(names = "--port", required = true, description = "MLLP port of the registry's patient identity feed")
    int port;
    @Option(names = "--patient", required = true, paramLabel = "CX", description = "PID-3, e.g. 279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH")
    String patient;
    @Option(names = "--name", paramLabel = "FAMILY^Given", description = "PID-5")
    String name;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ClientException {
        FeedAck ack;
        try {
            ack = FeedSender.sendA01(host, port, patient, name);
        } catch (IOException e) {
            throw ClientFailure.TRANSPORT.exception(e, "MLLP " + host + ":" + port, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ClientFailure.USAGE.exception(e, e.getMessage());
        }
        spec.commandLine().getOut().println("ITI-8 ADT^A01 " + patient + ": " + ack.code()
                + (ack.errorCode() == null ? "" : " (HL7 error " + ack.errorCode() + ")")
                + (ack.text() == null ? "" : " " + ack.text()));
        return ack.accepted() ? 0 : 1;
    }
}
