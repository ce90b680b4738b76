package org.passerelle.client;

import org.junit.jupiter.api.Test;
import org.passerelle.feed.FeedListener;
import org.passerelle.feed.FeedOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

class FeedCommandTest {

    @Test
    void registersThePatientAndReportsRefusals() {
        List<String> registered = new CopyOnWriteArrayList<>();
        try (FeedListener listener = FeedListener.start(0, (id, name) -> registered.add(id), FeedOptions.frDmp(false))) {
            String port = String.valueOf(listener.port());
            CliRun ok = CliRun.of("feed", "--host", "127.0.0.1", "--port", port,
                    "--patient", "279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH", "--name", "PAT^Un");
            assertEquals(0, ok.exitCode(), ok.toString());
            assertTrue(ok.out().contains("AA"), ok.toString());
            assertEquals(List.of("279035121518989^^^&1.2.250.1.213.1.4.8&ISO"), registered);

            // a test INS while the listener is not in test mode: AE, exit 1, the reason printed
            CliRun refused = CliRun.of("feed", "--host", "127.0.0.1", "--port", port,
                    "--patient", "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.out().contains("AE") && refused.out().contains("1.2.250.1.213.1.4.8"), refused.toString());
        }
    }
}
