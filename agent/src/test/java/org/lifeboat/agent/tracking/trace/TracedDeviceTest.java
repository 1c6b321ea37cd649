package org.lifeboat.agent.tracking.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a device is found in sysfs (laid out here as the kernel lays it out: /sys/dev/block/M:m links to the device). */
class TracedDeviceTest {

    @TempDir
    Path sysfs;

    @Test
    void aWholeDiskIsTracedFromItsFirstSector() throws Exception {
        Path disk = device("devices/virtual/block/loop1", "7:1");
        link("7:1", disk);

        assertEquals(new TracedDevice(7L << 20 | 1, 0), TracedDevice.of(Path.of("/dev/loop1"), 7, 1, sysfs));
    }

    @Test
    void aPartitionIsTracedOnItsDiskFromItsStart() throws Exception {
        Path disk = device("devices/pci0000:00/virtio1/block/vda", "254:0");
        Path partition = device("devices/pci0000:00/virtio1/block/vda/vda2", "254:2");
        Files.writeString(partition.resolve("partition"), "2\n");
        Files.writeString(partition.resolve("start"), "1050624\n");
        link("254:2", partition);
        link("254:0", disk);

        assertEquals(new TracedDevice(254L << 20, 1050624), TracedDevice.of(Path.of("/dev/vda2"), 254, 2, sysfs));
    }

    @Test
    void aDeviceSysfsDoesNotKnowIsNotTraced() {
        TraceUnavailableException e = assertThrows(TraceUnavailableException.class,
                () -> TracedDevice.of(Path.of("/dev/vdz9"), 254, 99, sysfs.resolve("missing")));
        assertTrue(e.getMessage().contains("cannot find /dev/vdz9 (254:99)"), e.getMessage());
    }

    @Test
    void aRegularFileIsNotABlockDevice() throws Exception {
        Path image = Files.createFile(sysfs.resolve("disk.img"));
        TraceUnavailableException e = assertThrows(TraceUnavailableException.class, () -> TracedDevice.of(image, sysfs));
        assertEquals(image + " is not a block device", e.getMessage());
    }

    private Path device(String path, String dev) throws Exception {
        Path directory = Files.createDirectories(sysfs.resolve(path));
        Files.writeString(directory.resolve("dev"), dev + "\n");
        return directory;
    }

    private void link(String dev, Path target) throws Exception {
        Path link = Files.createDirectories(sysfs.resolve("dev/block")).resolve(dev);
        Files.createSymbolicLink(link, target);
    }
}
