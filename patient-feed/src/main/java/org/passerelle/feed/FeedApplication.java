package org.passerelle.feed;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v25.datatype.CX;
import ca.uhn.hl7v2.model.v25.segment.MSH;
import ca.uhn.hl7v2.model.v25.segment.PID;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Handles one ADT message: checks PID-3, registers every accepted patient id, answers the ACK. */
final class FeedApplication implements ReceivingApplication<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(FeedApplication.class);
    private static final Set<String> EVENTS = Set.of("A01", "A04", "A05", "A08");

    private final PatientSink sink;
    private final FeedOptions options;

    FeedApplication(PatientSink sink, FeedOptions options) {
        this.sink = sink;
        this.options = options;
    }

    @Override
    public boolean canProcess(Message message) {
        return true;
    }

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
        MSH msh = (MSH) message.get("MSH");
        String type = msh.getMessageType().getMessageCode().getValue();
        String event = msh.getMessageType().getTriggerEvent().getValue();
        String controlId = msh.getMessageControlID().getValue();
        if (!"ADT".equals(type) || !EVENTS.contains(event)) {
            return refuse(message, controlId, FeedFailure.UNSUPPORTED_EVENT, type + "^" + event);
        }
        PID pid = findPid(message);
        if (pid == null) {
            return refuse(message, controlId, FeedFailure.MISSING_PID);
        }
        CX[] ids = pid.getPatientIdentifierList();
        List<String> accepted = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (CX cx : ids) {
            String id = cx.getIDNumber().getValue();
            if (id == null || id.isBlank()) {
                continue;
            }
            String oid = cx.getAssigningAuthority().getUniversalID().getValue();
            String raw = cx.encode();
            seen.add(raw);
            if (oid == null || oid.isBlank()) {
                if (options.profile() == FeedOptions.Profile.IHE) {
                    return refuse(message, controlId, FeedFailure.NO_ASSIGNING_AUTHORITY, raw);
                }
                continue;
            }
            if (options.profile() == FeedOptions.Profile.FR_DMP) {
                if (FeedOptions.OBSOLETE_INS.contains(oid)) {
                    return refuse(message, controlId, FeedFailure.OBSOLETE_INS, raw);
                }
                if (!options.isInsAuthority(oid)) {
                    continue; // a local id (IPP) next to the INS: not registered
                }
            }
            accepted.add(id.trim() + "^^^&" + oid.trim() + "&ISO");
        }
        if (seen.isEmpty()) {
            return refuse(message, controlId, FeedFailure.MISSING_PID3);
        }
        if (accepted.isEmpty()) {
            return refuse(message, controlId, FeedFailure.NOT_INS, String.join(" ~ ", seen),
                    options.acceptTestIns() ? "1.2.250.1.213.1.4.8, .9, .10 (test) or .11 (demo)"
                            : "1.2.250.1.213.1.4.8 (NIR) or 1.2.250.1.213.1.4.9 (NIA)");
        }
        String name = name(pid);
        for (String patientId : accepted) {
            try {
                sink.register(patientId, name);
            } catch (RuntimeException e) {
                LOG.warn("ITI-8 {} (MSH-10 {}): registering {} failed: {}", event, controlId, patientId, e.toString());
                return refuse(message, controlId, FeedFailure.SINK_FAILED, patientId, e.getMessage());
            }
            LOG.info("ITI-8 {} (MSH-10 {}): patient {} registered", event, controlId, patientId);
        }
        try {
            return message.generateACK();
        } catch (IOException e) {
            throw new HL7Exception(e);
        }
    }

    private static PID findPid(Message message) throws HL7Exception {
        for (String name : message.getNames()) {
            if ("PID".equals(name)) {
                Structure s = message.get("PID");
                return s instanceof PID p && !p.isEmpty() ? p : null;
            }
        }
        return null;
    }

    private static String name(PID pid) throws HL7Exception {
        if (pid.getPatientNameReps() == 0) {
            return null;
        }
        var xpn = pid.getPatientName(0);
        String family = xpn.getFamilyName().getSurname().getValue();
        String given = xpn.getGivenName().getValue();
        if (family == null && given == null) {
            return null;
        }
        return (family == null ? "" : family) + (given == null ? "" : "^" + given);
    }

    private static Message refuse(Message message, String controlId, FeedFailure failure, Object... args)
            throws HL7Exception {
        String text = failure.format(args);
        LOG.warn("ITI-8 message MSH-10 {} refused ({} {}): {}", controlId, failure.ack(), failure, text);
        HL7Exception error = new HL7Exception(text, failure.errorCode());
        error.setSegmentName(failure.segment());
        error.setSegmentRepetition(1);
        if (failure.field() > 0) {
            error.setFieldPosition(failure.field());
        }
        try {
            Message ack = message.generateACK(failure.ack(), error);
            // ERR-8 (user message) and MSA-3 (for pre-2.5 receivers) carry the same precise text
            Terser terser = new Terser(ack);
            terser.set("/.ERR-8", text);
            terser.set("/.MSA-3", text.length() > 80 ? text.substring(0, 80) : text);
            return ack;
        } catch (IOException e) {
            throw new HL7Exception(e);
        }
    }
}
