package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Hands out at most one byte per read, like a slow network does at worst. */
final class TricklingInputStream extends InputStream {

    private final ByteArrayInputStream bytes;

    TricklingInputStream(byte[] content) {
        this.bytes = new ByteArrayInputStream(content);
    }

    @Override
    public int read() {
        return bytes.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        return length == 0 ? 0 : bytes.read(buffer, offset, 1);
    }
}
