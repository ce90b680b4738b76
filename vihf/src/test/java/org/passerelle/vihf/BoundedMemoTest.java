package org.passerelle.vihf;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class BoundedMemoTest {

    @Test
    void remembersResultsNullIncluded() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<String, Integer> memo = new BoundedMemo<>(10, k -> true);
        BoundedMemo.Computation<String, Integer, RuntimeException> parse = k -> {
            calls.incrementAndGet();
            return k.startsWith("n") ? null : k.length();
        };
        assertEquals(3, memo.get("abc", parse));
        assertEquals(3, memo.get("abc", parse));
        assertNull(memo.get("nothing", parse));
        assertNull(memo.get("nothing", parse));
        assertEquals(2, calls.get());
    }

    @Test
    void refusedKeysAndFailuresAreNotRemembered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<String, Integer> memo = new BoundedMemo<>(10, k -> k.length() <= 4);
        BoundedMemo.Computation<String, Integer, Exception> f = k -> {
            calls.incrementAndGet();
            if (k.equals("bad")) throw new Exception("refused");
            return k.length();
        };
        memo.get("toolong", f);
        memo.get("toolong", f);
        assertThrows(Exception.class, () -> memo.get("bad", f));
        assertThrows(Exception.class, () -> memo.get("bad", f));
        assertEquals(4, calls.get());
        assertEquals(0, memo.size());
    }

    @Test
    void staysBounded() {
        BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(5, k -> true);
        for (int i = 0; i < 23; i++) {
            memo.get(i, k -> k * 2);
            assertTrue(memo.size() <= 5, "size " + memo.size());
        }
    }
}
