package org.passerelle.conformance.transport;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v25.datatype.CX;
import ca.uhn.hl7v2.model.v25.message.ADT_A01;
import ca.uhn.hl7v2.model.v25.segment.PID;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.passerelle.conformance.ConformanceFailure;
import org.passerelle.conformance.ConformanceFailure.StepException;

/**
 * The ITI-8 Patient Identity Feed the kit's PatientIdentityFeedTransaction steps send: an HL7 v2.5 ADT^A01 built
 * with HAPI (MSH/EVN/PID/PV1, the id in PID-3) over MLLP, accepted when the ACK's MSA-1 is AA or CA.
 * (Written here because module patient-feed had no sender yet when this runner was built.)
 */
public final class MllpFeedSender {
    private static final byte START = 0x0b, END = 0x1c, CR = 0x0d;

    /** The A01 message and the ACK, as text, for reports. */
    public record FeedExchange(String message, String ack) {}

    /** Message control ids from memory: HAPI's default generator writes an id_file into the working directory. */
    private static final ca.uhn.hl7v2.HapiContext CONTEXT = context();

    private static ca.uhn.hl7v2.HapiContext context() {
        ca.uhn.hl7v2.DefaultHapiContext c = new ca.uhn.hl7v2.DefaultHapiContext();
        c.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        return c;
    }

    private final String host;
    private final int port;

    public MllpFeedSender(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String target() { return host + ":" + port; }

    public FeedExchange sendA01(String patientIdCx, String family, String given) throws StepException {
        String message;
        try {
            ADT_A01 adt = CONTEXT.newMessage(ADT_A01.class);
            adt.initQuickstart("ADT", "A01", "P");
            adt.getMSH().getSendingApplication().getNamespaceID().setValue("PASSERELLE_CONFORMANCE");
            adt.getMSH().getReceivingApplication().getNamespaceID().setValue("XDS_REGISTRY");
            adt.getEVN().getRecordedDateTime().getTime().setValue(adt.getMSH().getDateTimeOfMessage().getTime().getValue());
            PID pid = adt.getPID();
            CX cx = pid.getPatientIdentifierList(0);
            String[] comps = patientIdCx.split("\\^", -1);
            cx.getIDNumber().setValue(comps[0]);
            if (comps.length > 3) {
                String[] hd = comps[3].split("&", -1);
                if (hd.length > 0 && !hd[0].isEmpty()) cx.getAssigningAuthority().getNamespaceID().setValue(hd[0]);
                if (hd.length > 1) cx.getAssigningAuthority().getUniversalID().setValue(hd[1]);
                if (hd.length > 2) cx.getAssigningAuthority().getUniversalIDType().setValue(hd[2]);
            }
            cx.getIdentifierTypeCode().setValue("PI");
            pid.getPatientName(0).getFamilyName().getSurname().setValue(family);
            pid.getPatientName(0).getGivenName().setValue(given);
            pid.getAdministrativeSex().setValue("U");
            adt.getPV1().getPatientClass().setValue("O");
            message = CONTEXT.getPipeParser().encode(adt);
        } catch (HL7Exception | IOException e) {
            throw ConformanceFailure.FEED_FAILED.exception(target(), "ADT^A01 cannot be built: " + e.getMessage());
        }
        String ack;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(START);
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {END, CR});
            out.flush();
            ack = readFrame(s.getInputStream());
        } catch (IOException e) {
            throw ConformanceFailure.FEED_FAILED.exception(target(), e.getMessage());
        }
        String code = ackCode(ack);
        if (!"AA".equals(code) && !"CA".equals(code)) {
            throw ConformanceFailure.FEED_FAILED.exception(target(), "ACK code " + code + ": " + ack.replace('\r', '\n'));
        }
        return new FeedExchange(message.replace('\r', '\n'), ack.replace('\r', '\n'));
    }

    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b = in.read();
        while (b != -1 && b != START) b = in.read();
        if (b == -1) throw new IOException("connection closed before an ACK");
        while ((b = in.read()) != -1) {
            if (b == END) break;
            buf.write(b);
            if (buf.size() > 1_000_000) throw new IOException("ACK larger than 1 MB");
        }
        if (b == -1) throw new IOException("ACK not terminated");
        return buf.toString(StandardCharsets.UTF_8);
    }

    static String ackCode(String ack) {
        for (String seg : ack.split("[\r\n]+")) {
            if (seg.startsWith("MSA|")) {
                String[] f = seg.split("\\|", -1);
                return f.length > 1 ? f[1] : "";
            }
        }
        return "(no MSA segment)";
    }
}
