package org.lifeboat.agent.tracking.trace;

/**
 * One line of an instance's {@code trace_pipe} as the tracker reads it: a completed write, a
 * marker the agent wrote, a notice of lost events, or anything else (ignored).
 *
 * @param sector  first sector written (512 bytes, of the whole disk), for {@link Kind#WRITE}
 * @param sectors sectors written, for {@link Kind#WRITE}
 * @param text    the marker's text, for {@link Kind#MARKER}
 */
public record TraceEvent(Kind kind, long sector, long sectors, String text) {

    public enum Kind { WRITE, MARKER, LOST, OTHER }

    private static final TraceEvent OTHER = new TraceEvent(Kind.OTHER, 0, 0, null);
    private static final String[] COMPLETIONS = {": block_rq_complete: ", ": block_bio_complete: "};
    private static final String MARK = ": tracing_mark_write: ";

    /**
     * Parses a line such as {@code kworker-22 [001] ..s.. 35161.374576: block_rq_complete: 7,1 WS () 40 + 8 be,0,4 [0]}.
     * Only the fields around {@code " + "} are used, so the formats of older kernels (without the
     * command or the I/O priority) parse the same. The kernel's filter already dropped reads.
     */
    public static TraceEvent parse(String line) {
        for (String completion : COMPLETIONS) {
            int at = line.indexOf(completion);
            if (at >= 0) {
                return write(line, at + completion.length());
            }
        }
        int mark = line.indexOf(MARK);
        if (mark >= 0) {
            return new TraceEvent(Kind.MARKER, 0, 0, line.substring(mark + MARK.length()).trim());
        }
        // trace_pipe's own notice when a CPU's buffer overwrote events before they were read
        if (line.startsWith("CPU:") && line.contains("[LOST ")) {
            return new TraceEvent(Kind.LOST, 0, 0, line.trim());
        }
        return OTHER;
    }

    private static TraceEvent write(String line, int fields) {
        int plus = line.indexOf(" + ", fields);
        if (plus < 0) {
            return OTHER;
        }
        int sectorStart = line.lastIndexOf(' ', plus - 1) + 1;
        int countEnd = line.indexOf(' ', plus + 3);
        try {
            long sector = Long.parseUnsignedLong(line, sectorStart, plus, 10); // a flush says -1 as unsigned
            long sectors = Long.parseLong(line, plus + 3, countEnd < 0 ? line.length() : countEnd, 10);
            return new TraceEvent(Kind.WRITE, sector, sectors, null);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // a line the tracker cannot read could be a write it would miss: the caller treats it as a gap
            return new TraceEvent(Kind.LOST, 0, 0, "unreadable trace line: " + line.trim());
        }
    }
}
