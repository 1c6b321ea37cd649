package org.lifeboat.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to a stream, flushing after each. Not thread-safe; one writer
 * owns its stream.
 */
public final class FrameWriter {

    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        // a frame is one array; buffering still joins a small frame with what follows it unflushed
        this.out = new BufferedOutputStream(out);
    }

    public void write(Frame frame) throws IOException {
        out.write(frame.wireBytes());
        out.flush();
    }
}
