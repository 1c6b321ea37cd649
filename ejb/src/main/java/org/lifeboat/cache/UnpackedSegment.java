package org.lifeboat.cache;

/**
 * A segment blob opened and authenticated: what it holds, how it was stored, and its frames in
 * FrameWriter's format, ready for a FrameReader.
 *
 * @param frames the bytes themselves, not a copy
 */
public record UnpackedSegment(SegmentSpan span, SegmentCompression compression, byte[] frames) {
}
