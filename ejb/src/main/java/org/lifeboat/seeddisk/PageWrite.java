package org.lifeboat.seeddisk;

/**
 * One call against a seed page blob: upload {@code length} bytes taken from the caller's data at
 * {@code dataIndex}, or clear them.
 *
 * @param blobOffset where in the page blob the pages start
 * @param dataIndex  where in the caller's data they come from
 * @param length     a multiple of 512; at most {@link PageWritePlan#MAX_UPLOAD_BYTES} for an upload
 * @param clear      true for pages that are all zeros: cleared, never uploaded
 */
record PageWrite(long blobOffset, int dataIndex, int length, boolean clear) {

    long blobEnd() {
        return blobOffset + length;
    }
}
