package org.lifeboat.agent.control;

import java.util.List;

/**
 * The daemon's answer to one request.
 *
 * @param notes   the NOTE lines, in order
 * @param ok      whether it ended with OK rather than ERROR
 * @param payload what followed OK or ERROR
 */
public record ControlReply(List<String> notes, boolean ok, String payload) {

    public ControlReply {
        notes = List.copyOf(notes);
    }
}
