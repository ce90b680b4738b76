package org.passerelle.feed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** Real MLLP over localhost: HAPI client against the listener. */
class FeedListenerTest {
    private final List<String> registered = new CopyOnWriteArrayList<>();
    private FeedListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private FeedListener start(FeedOptions options) {
        listener = FeedListener.start(0, (id, name) -> registered.add(id + "|" + name), options);
        return listener;
    }

    private static String adt(String event, String version, String pid3) {
        return "MSH|^~\\&|NIST|NIST|XDS|PASSERELLE|20261123101010||ADT^" + event + "|MSG" + event + "|P|" + version + "\r"
                + "EVN|" + event + "|20261123101010\r"
                + "PID|1||" + pid3 + "||DUPONT^JEAN||19800101|M\r"
                + "PV1|1|N\r";
    }

    @Test
    void a01RegistersThePatientAndAnswersAA() throws IOException {
        start(FeedOptions.ihe());
        FeedAck ack = FeedSender.sendA01("127.0.0.1", listener.port(),
                "15817^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO", "MARTIN^Claire");
        assertEquals("AA", ack.code(), ack.toString());
        assertTrue(ack.accepted());
        assertEquals(List.of("15817^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO|MARTIN^Claire"), registered);
    }

    @Test
    void a04AndA08AndOlderVersionsAreAccepted() throws IOException {
        start(FeedOptions.ihe());
        assertEquals("AA", FeedSender.send("127.0.0.1", listener.port(),
                adt("A04", "2.3.1", "12374^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO")).code());
        assertEquals("AA", FeedSender.send("127.0.0.1", listener.port(),
                adt("A08", "2.5", "12375^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO")).code());
        assertEquals(List.of("12374^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO|DUPONT^JEAN",
                "12375^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO|DUPONT^JEAN"), registered);
    }

    @Test
    void missingPid3IsAnAEWithAnErrSegment() throws IOException {
        start(FeedOptions.ihe());
        FeedAck ack = FeedSender.send("127.0.0.1", listener.port(), adt("A01", "2.5", ""));
        assertEquals("AE", ack.code());
        assertEquals("101", ack.errorCode());
        assertTrue(ack.text().contains("PID-3"), ack.text());
        assertTrue(registered.isEmpty());
    }

    @Test
    void idWithoutAssigningAuthorityIsRefused() throws IOException {
        start(FeedOptions.ihe());
        FeedAck ack = FeedSender.send("127.0.0.1", listener.port(), adt("A01", "2.5", "4711"));
        assertEquals("AE", ack.code());
        assertTrue(ack.text().contains("assigning authority"), ack.text());
        assertTrue(registered.isEmpty());
    }

    @Test
    void otherEventsAreRejectedWithAR() throws IOException {
        start(FeedOptions.ihe());
        FeedAck ack = FeedSender.send("127.0.0.1", listener.port(),
                adt("A02", "2.5", "1^^^&1.2.3&ISO"));
        assertEquals("AR", ack.code());
        assertTrue(ack.text().contains("ADT^A02"), ack.text());
        assertTrue(registered.isEmpty());
    }

    @Test
    void frDmpRegistersTheInsAndIgnoresTheIpp() throws IOException {
        start(FeedOptions.frDmp(true));
        FeedAck ack = FeedSender.send("127.0.0.1", listener.port(), adt("A01", "2.5",
                "0456789999^^^&1.2.250.1.999.1.1.7898.2&ISO^PI~279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH"));
        assertEquals("AA", ack.code(), ack.toString());
        assertEquals(List.of("279035121518989^^^&1.2.250.1.213.1.4.10&ISO|DUPONT^JEAN"), registered);
    }

    @Test
    void frDmpWithoutTestModeRefusesTheTestIns() throws IOException {
        start(FeedOptions.frDmp(false));
        FeedAck ack = FeedSender.sendA01("127.0.0.1", listener.port(),
                "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH", "PAT^Un");
        assertEquals("AE", ack.code());
        assertEquals("103", ack.errorCode());
        assertTrue(ack.text().contains("1.2.250.1.213.1.4.8"), ack.text());
        assertTrue(registered.isEmpty());
    }

    @Test
    void frDmpRefusesObsoleteInsC() throws IOException {
        start(FeedOptions.frDmp(true));
        FeedAck ack = FeedSender.sendA01("127.0.0.1", listener.port(),
                "1234567890123456789012^^^&1.2.250.1.213.1.4.2&ISO^NH", "PAT^Deux");
        assertEquals("AE", ack.code());
        assertTrue(ack.text().contains("obsolete"), ack.text());
        assertTrue(registered.isEmpty());
    }

    @Test
    void aFailingSinkIsReportedAsAE() throws IOException {
        listener = FeedListener.start(0, (id, name) -> {
            throw new IllegalStateException("database is read-only");
        });
        FeedAck ack = FeedSender.sendA01("127.0.0.1", listener.port(), "9^^^&1.2.3&ISO", null);
        assertEquals("AE", ack.code());
        assertEquals("207", ack.errorCode());
        assertTrue(ack.text().contains("database is read-only"), ack.text());
    }

    @Test
    void unreachableReceiverIsAnIOException() throws IOException {
        start(FeedOptions.ihe());
        int port = listener.port();
        listener.close();
        listener = null;
        assertThrows(IOException.class, () -> FeedSender.sendA01("127.0.0.1", port, "9^^^&1.2.3&ISO", null));
    }
}
