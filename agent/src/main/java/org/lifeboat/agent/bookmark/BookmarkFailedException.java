package org.lifeboat.agent.bookmark;

/** No durable bookmark came of a request; the message says why. */
public class BookmarkFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public BookmarkFailedException(String message) {
        super(message);
    }
}
