package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seed disk as it would be downloaded from Azure (raw image, padding, footer) must be a VHD that
 * QEMU reads with the full virtual size. The image is a sparse file, so even a large disk costs nothing.
 */
class QemuImgAcceptsSeedDiskTest {

    private static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)");
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(longs = {
            64L << 20,                 // a whole number of MiB
            (10L << 20) + 3 * 512,     // padded up to 11 MiB
            200L << 30,                // beyond what CHS geometry can address
    })
    void qemuImgReadsTheFullVirtualSize(long diskSize) throws Exception {
        assertTrue(Files.isExecutable(QEMU_IMG),
                QEMU_IMG + " is missing: install qemu-utils (apt-get install -y qemu-utils) to run this test");
        SeedDiskLayout layout = new SeedDiskLayout(diskSize);
        Path image = directory.resolve("seed.vhd");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(layout.footerOffset());
            file.seek(layout.footerOffset());
            file.write(VhdFooter.create(layout.virtualSize()).toBytes());
        }

        String info = qemuImgInfo(image);

        assertEquals("vpc", find(FORMAT, info), info);
        assertEquals(layout.virtualSize(), Long.parseLong(find(VIRTUAL_SIZE, info)), info);
    }

    private static String qemuImgInfo(Path image) throws IOException, InterruptedException {
        Process qemuImg = new ProcessBuilder(QEMU_IMG.toString(), "info", "-f", "vpc", "--output=json", image.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(qemuImg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(qemuImg.waitFor(30, TimeUnit.SECONDS), "qemu-img info did not finish");
        assertEquals(0, qemuImg.exitValue(), "qemu-img refused the image: " + output);
        return output;
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), "no " + pattern + " in " + text);
        return matcher.group(1);
    }
}
