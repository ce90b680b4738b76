package org.passerelle.feed;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v25.message.ACK;
import ca.uhn.hl7v2.model.v25.message.ADT_A01;
import ca.uhn.hl7v2.model.v25.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Sends ITI-8 ADT messages over MLLP, as a hospital ADT system or the conformance runner does. */
public final class FeedSender {
    private static final int TIMEOUT_SECONDS = 15;
    /** One context for the JVM: HAPI's connection hub caches connections per executor; closing it per call breaks reuse. */
    private static final HapiContext CONTEXT = context();

    private FeedSender() {
    }

    /**
     * Sends ADT^A01 with PID-3 = {@code patientIdCx} and PID-5 = {@code name} ({@code FAMILY^Given}) and returns the
     * receiver's acknowledgment.
     *
     * @throws IOException when the receiver cannot be reached or does not answer in time
     */
    public static FeedAck sendA01(String host, int port, String patientIdCx, String name) throws IOException {
        try {
            ADT_A01 adt = CONTEXT.newMessage(ADT_A01.class);
            adt.initQuickstart("ADT", "A01", "P");
            adt.getMSH().getSendingApplication().getNamespaceID().setValue("PASSERELLE");
            adt.getMSH().getSendingFacility().getNamespaceID().setValue("PASSERELLE");
            adt.getMSH().getReceivingApplication().getNamespaceID().setValue("XDS-REGISTRY");
            adt.getEVN().getRecordedDateTime().getTime().setValue(adt.getMSH().getDateTimeOfMessage().getTime().getValue());
            PID pid = adt.getPID();
            pid.getSetIDPID().setValue("1");
            pid.getPatientIdentifierList(0).parse(patientIdCx);
            if (name != null && !name.isBlank()) {
                pid.getPatientName(0).parse(name);
            }
            adt.getPV1().getPatientClass().setValue("N");
            return send(host, port, adt);
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("cannot build ADT^A01 for " + patientIdCx + ": " + e.getMessage(), e);
        }
    }

    /** Sends any HL7 v2 message (ER7 text) and returns the acknowledgment. */
    public static FeedAck send(String host, int port, String er7) throws IOException {
        try {
            return send(host, port, CONTEXT.getPipeParser().parse(er7));
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("not an HL7 v2 message: " + e.getMessage(), e);
        }
    }

    static FeedAck send(String host, int port, Message message) throws IOException {
        try {
            Connection connection = CONTEXT.newClient(host, port, false);
            try {
                Initiator initiator = connection.getInitiator();
                initiator.setTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Message response = initiator.sendAndReceive(message);
                return ack(response);
            } finally {
                CONTEXT.getConnectionHub().discard(connection);
            }
        } catch (HL7Exception e) {
            throw new IOException("ITI-8 exchange with " + host + ":" + port + " failed: " + e.getMessage(), e);
        } catch (LLPException e) {
            throw new IOException("MLLP error with " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static FeedAck ack(Message response) throws HL7Exception {
        ACK ack = response instanceof ACK a ? a : null;
        if (ack == null) {
            ack = new ACK();
            ack.parse(response.encode());
        }
        String code = ack.getMSA().getAcknowledgmentCode().getValue();
        String errorCode = null;
        String text = ack.getMSA().getTextMessage().getValue();
        if (ack.getERRReps() > 0) {
            errorCode = ack.getERR(0).getHL7ErrorCode().getIdentifier().getValue();
            String diagnostic = ack.getERR(0).getUserMessage().getValue();
            if (diagnostic == null) {
                diagnostic = ack.getERR(0).getHL7ErrorCode().getOriginalText().getValue();
            }
            if (diagnostic != null) {
                text = diagnostic;
            }
        }
        return new FeedAck(code, errorCode, text);
    }

    private static HapiContext context() {
        HapiContext context = new DefaultHapiContext();
        context.setExecutorService(Executors.newCachedThreadPool(FeedListener.daemonThreads("iti8-sender")));
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        return context;
    }
}
