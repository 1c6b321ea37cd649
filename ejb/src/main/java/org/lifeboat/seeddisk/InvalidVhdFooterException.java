package org.lifeboat.seeddisk;

/** The bytes at the end of a disk image are not a valid fixed-VHD footer; the message says why. */
public class InvalidVhdFooterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidVhdFooterException(String message) {
        super(message);
    }
}
