package org.lifeboat.agent.bookmark;

import java.util.List;

import org.lifeboat.protocol.Consistency;

/**
 * A bookmark the server holds durably in every disk's stream.
 *
 * @param consistency what it turned out to be; app-consistent can fall back to crash-consistent
 * @param notes       what the operator should know, e.g. why it fell back
 */
public record BookmarkResult(String bookmarkId, Consistency consistency, List<String> notes) {

    public BookmarkResult {
        notes = List.copyOf(notes);
    }
}
