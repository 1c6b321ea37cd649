package org.lifeboat.web.api;

/** One byte range of an HTTP {@code Range: bytes=...} header, resolved against a size. */
record ByteRange(long first, long last, boolean partial) {

    long length() {
        return last - first + 1;
    }

    /**
     * @throws IllegalArgumentException for a range that cannot be satisfied (answered with 416);
     *         several ranges in one request are not supported and are answered the same way
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return new ByteRange(0, size - 1, false);
        }
        String spec = header.trim();
        if (!spec.startsWith("bytes=") || spec.contains(",")) {
            throw new IllegalArgumentException("unsupported range " + header);
        }
        spec = spec.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("unsupported range " + header);
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            long first;
            long last;
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(from);
                last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            }
            if (first < 0 || first > last || first >= size) {
                throw new IllegalArgumentException("range " + header + " is outside " + size + " bytes");
            }
            return new ByteRange(first, last, true);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unsupported range " + header, e);
        }
    }
}
