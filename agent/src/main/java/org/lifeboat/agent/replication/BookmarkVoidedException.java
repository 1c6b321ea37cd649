package org.lifeboat.agent.replication;

/**
 * A bookmark was queued after records the server acknowledged and then lost (its journal was lost, or the disk
 * was enabled again): a point at it would lack them, so it was never sent. The records are sent again; a bookmark
 * taken again after them is whole.
 */
public final class BookmarkVoidedException extends RuntimeException {

    public BookmarkVoidedException(String message) {
        super(message);
    }
}
