package org.lifeboat.bootverification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTailTest {

    private final List<String> finished = new ArrayList<>();
    private final List<String> partial = new ArrayList<>();
    private final ConsoleTail tail = new ConsoleTail(32, (line, done) -> (done ? finished : partial).add(line));

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        tail.accept(bytes, bytes.length);
    }

    @Test
    void escapeSequencesAndCarriageReturnsAreDropped() {
        feed("\033c\033[?7l\033[2J\033[0mSeaBIOS\r\nBooting\r\n");
        assertEquals(List.of("SeaBIOS", "Booting"), finished);
        assertEquals("SeaBIOS\nBooting\n", tail.text());
    }

    @Test
    void aLineWithoutItsNewlineIsHandedOnAsItGrows() {
        feed("host log");
        feed("in: ");
        assertEquals(List.of("host log", "host login: "), partial);
        assertTrue(finished.isEmpty());
    }

    @Test
    void theTailKeepsOnlyTheLastCharacters() {
        for (int i = 0; i < 1000; i++) {
            feed("line " + i + "\n");
        }
        assertEquals(32, tail.text().length());
        assertTrue(tail.text().endsWith("line 999\n"), tail.text());
    }

    @Test
    void anEndlessLineIsBounded() {
        ConsoleTail wide = new ConsoleTail(16, (line, done) -> assertTrue(line.length() <= ConsoleTail.MAX_LINE_CHARS));
        byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            wide.accept(chunk, chunk.length);
        }
        assertEquals(16, wide.text().length());
    }
}
