package org.passerelle.conformance.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NowSymbolTest {

    @Test
    void nowIsTheNextWholeSecondSoThatWhatWasJustStoredIsBeforeIt() {
        // a folder stored at 22:31:05.200 has lastUpdateTime 20261123223105; "To" is exclusive
        assertEquals("20261123223106", ConformanceRunner.nowSymbol(Instant.parse("2026-11-23T22:31:05.600Z")));
        assertEquals("20261123223106", ConformanceRunner.nowSymbol(Instant.parse("2026-11-23T22:31:05Z")));
        assertEquals("20270101000000", ConformanceRunner.nowSymbol(Instant.parse("2026-12-31T23:59:59.999Z")));
    }
}
