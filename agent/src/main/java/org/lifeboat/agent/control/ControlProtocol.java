package org.lifeboat.agent.control;

/**
 * The line protocol on the daemon's control socket ({@code STATE/agent.sock}, owner only).
 * The client sends one request line; the daemon answers with zero or more {@code NOTE} lines
 * and then one {@code OK} or {@code ERROR} line, and closes:
 * <pre>
 *   STATUS                                   -> OK {status JSON on one line}
 *   BOOKMARK CRASH_CONSISTENT|APP_CONSISTENT SECONDS
 *                                            -> NOTE text (e.g. why it is only crash-consistent)
 *                                               OK BOOKMARK-ID CONSISTENCY   once durable on every disk
 *   anything else, or a failure              -> ERROR message
 * </pre>
 * UTF-8, lines end with LF; a request line is at most {@value #MAX_REQUEST} characters.
 */
public final class ControlProtocol {

    public static final String STATUS = "STATUS";
    public static final String BOOKMARK = "BOOKMARK";
    public static final String NOTE = "NOTE";
    public static final String OK = "OK";
    public static final String ERROR = "ERROR";
    public static final int MAX_REQUEST = 1024;

    private ControlProtocol() {
    }
}
