package org.lifeboat.bootverification;

/** One disk of a recovery point to boot: its seed blob, size, and the snapshot the point holds of it. */
record BootDisk(String diskId, String path, String seedBlobName, long sizeBytes, String snapshot) {
}
