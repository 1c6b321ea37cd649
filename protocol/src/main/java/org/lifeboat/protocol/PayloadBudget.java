package org.lifeboat.protocol;

import java.io.IOException;

/**
 * Memory a receiver lets frames take: {@link FrameReader} reserves a frame's wire length here after
 * checking its header and before allocating its buffer, so a receiver shared by many connections
 * can make them wait (back-pressure) instead of running out of memory. The receiver gives the bytes
 * back once it is done with the frame.
 */
@FunctionalInterface
public interface PayloadBudget {

    /** No limit beyond the frame size limits themselves. */
    PayloadBudget UNLIMITED = bytes -> { };

    /**
     * Reserves {@code bytes}, waiting for them if need be.
     *
     * @throws IOException if they cannot be had (e.g. not within the receiver's patience)
     */
    void reserve(int bytes) throws IOException;
}
