package org.lifeboat.agent.tracking.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TraceEventTest {

    @Test
    void readsARequestCompletionOfThisKernel() {
        TraceEvent event = TraceEvent.parse(
                "     ksoftirqd/1-22      [001] ..s.. 35161.374576: block_rq_complete: 7,1 WS () 40 + 8 be,0,4 [0]");
        assertEquals(new TraceEvent(TraceEvent.Kind.WRITE, 40, 8, null), event);
    }

    @Test
    void readsOlderFormatsAndBioCompletions() {
        assertEquals(new TraceEvent(TraceEvent.Kind.WRITE, 2048, 256, null), TraceEvent.parse(
                "  kworker/0:1-9 [000] d.h1 10.000001: block_rq_complete: 8,0 W () 2048 + 256 [0]"));
        assertEquals(new TraceEvent(TraceEvent.Kind.WRITE, 123456789012L, 8, null), TraceEvent.parse(
                "  dd-77 [001] ..... 11.5: block_bio_complete: 253,0 WS 123456789012 + 8 [0]"));
    }

    @Test
    void readsAFlushWithoutDataAsNoSectors() {
        TraceEvent flush = TraceEvent.parse("ksoftirqd/0-14 [000] ..s.. 35731.801812: block_rq_complete: 7,1 FF () "
                + "18446744073709551615 + 0 none,0,0 [0]");
        assertEquals(new TraceEvent(TraceEvent.Kind.WRITE, -1, 0, null), flush);
    }

    @Test
    void readsMarkersAndLostEvents() {
        assertEquals(new TraceEvent(TraceEvent.Kind.MARKER, 0, 0, "lifeboat-mark 12-34 7"), TraceEvent.parse(
                "            bash-20978   [001] ...1. 35161.393611: tracing_mark_write: lifeboat-mark 12-34 7"));
        assertEquals(TraceEvent.Kind.LOST, TraceEvent.parse("CPU:1 [LOST 1342 EVENTS]").kind());
    }

    @Test
    void aCompletionItCannotReadIsAGapNotSilence() {
        TraceEvent event = TraceEvent.parse("x-1 [000] ..... 1.0: block_rq_complete: 7,1 W () 4x + 8 [0]");
        assertEquals(TraceEvent.Kind.LOST, event.kind());
    }

    @Test
    void ignoresOtherLines() {
        assertEquals(TraceEvent.Kind.OTHER, TraceEvent.parse("# tracer: nop").kind());
        assertEquals(TraceEvent.Kind.OTHER, TraceEvent.parse("").kind());
    }
}
