package org.passerelle.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SecurityBenchSupportTest {

    private static double[] shuffledOneTo(int n) {
        // ranks 1..n, not in order: the interval must come from the sorted values
        return IntStream.rangeClosed(1, n).map(i -> (i * 7) % n + 1).asDoubleStream().toArray();
    }

    @Test
    void medianIntervalUsesTheSignTestRanks() {
        // n = 16: P(X <= 3) = 697/65536 = 0.0106 <= 0.025 < P(X <= 4) = 0.0384, so ranks 4 and 13
        assertArrayEquals(new double[] {4, 13}, SecurityBenchSupport.medianInterval(shuffledOneTo(16), 0.95));
        // n = 8: P(X = 0) = 1/256 <= 0.025 < P(X <= 1) = 9/256, so ranks 1 and 8
        assertArrayEquals(new double[] {1, 8}, SecurityBenchSupport.medianInterval(shuffledOneTo(8), 0.95));
        // n = 30: ranks 10 and 21 (P(X <= 9) = 0.0214)
        assertArrayEquals(new double[] {10, 21}, SecurityBenchSupport.medianInterval(shuffledOneTo(30), 0.95));
    }

    @Test
    void tooFewValuesHaveNoInterval() {
        // n = 5: even the extreme ranks cover only 1 - 2/32 = 93.75 %
        assertNull(SecurityBenchSupport.medianInterval(shuffledOneTo(5), 0.95));
        assertNotNull(SecurityBenchSupport.medianInterval(shuffledOneTo(6), 0.95));
    }
}
