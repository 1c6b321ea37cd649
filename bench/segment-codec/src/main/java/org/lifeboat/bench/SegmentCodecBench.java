package org.lifeboat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Measures the candidate compressors for cache segments, one thread, against a plain copy measured
 * in the same run, on random, text and filesystem-like data. Prints MB/s (10^6 bytes of input per
 * second) for compression and decompression and the ratio (input bytes / output bytes), medians of
 * the measured passes. AES-256-GCM follows for scale, each way of feeding it measured from a cold JVM.
 */
public final class SegmentCodecBench {

    private static final int MIB = 1024 * 1024;
    private static final int SEGMENT_BYTES = 16 * MIB;
    private static final int SEGMENTS = 4;
    private static final int WARM_UP_PASSES = 3;
    private static final int MEASURED_PASSES = 5;
    private static final int BLOCK = 4096;
    private static final int GCM_SLICE = 256 * 1024;
    private static final String[] WORDS = vocabulary();

    /** A compressor under test: compress returns the output length, decompress must restore the input. */
    private interface Codec {
        String name();

        byte[] newOutputBuffer(int inputLength);

        int compress(byte[] in, byte[] out);

        void decompress(byte[] compressed, int compressedLength, byte[] restored);
    }

    public static void main(String[] args) throws GeneralSecurityException, IOException, InterruptedException {
        if (args.length == 1 && args[0].startsWith("gcm-")) {
            measureGcm(args[0].substring("gcm-".length()));
            return;
        }
        System.out.printf("segment codec benchmark: %d x %d MiB segments per pass, %d warm-up + %d measured passes, "
                + "Java %s, %d cores%n", SEGMENTS, SEGMENT_BYTES / MIB, WARM_UP_PASSES, MEASURED_PASSES,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Codec> codecs = List.of(copy(), lz4(), zstd(1), zstd(3));
        for (String data : List.of("random", "text", "filesystem mix")) {
            byte[][] segments = segments(data);
            System.out.printf("%n%-16s %-10s %12s %12s %8s%n", data, "codec", "compress", "decompress", "ratio");
            for (Codec codec : codecs) {
                measure(data, codec, segments);
            }
        }
        measureGcmInFreshJvms();
    }

    private static void measure(String data, Codec codec, byte[][] segments) {
        byte[] out = codec.newOutputBuffer(SEGMENT_BYTES);
        byte[] restored = new byte[SEGMENT_BYTES];
        double[] compressRates = new double[MEASURED_PASSES];
        double[] decompressRates = new double[MEASURED_PASSES];
        long inputBytes = 0;
        long outputBytes = 0;
        for (int pass = -WARM_UP_PASSES; pass < MEASURED_PASSES; pass++) {
            long compressNanos = 0;
            long decompressNanos = 0;
            inputBytes = 0;
            outputBytes = 0;
            for (byte[] segment : segments) {
                long start = System.nanoTime();
                int length = codec.compress(segment, out);
                long middle = System.nanoTime();
                codec.decompress(out, length, restored);
                long end = System.nanoTime();
                compressNanos += middle - start;
                decompressNanos += end - middle;
                inputBytes += segment.length;
                outputBytes += length;
                if (pass == 0 && !Arrays.equals(segment, restored)) {
                    throw new IllegalStateException(codec.name() + " does not round-trip " + data);
                }
            }
            if (pass >= 0) {
                compressRates[pass] = inputBytes * 1e3 / compressNanos;
                decompressRates[pass] = inputBytes * 1e3 / decompressNanos;
            }
        }
        System.out.printf("%-16s %-10s %7.0f MB/s %7.0f MB/s %8.2f%n", "", codec.name(), median(compressRates),
                median(decompressRates), (double) inputBytes / outputBytes);
    }

    /**
     * AES-256-GCM over 16 MiB segments from a cold JVM, in two ways: one GCM message per segment fed in
     * 256 KiB update() slices, or each 256 KiB chunk its own message (what SegmentCodec does). Prints
     * MB/s per 128 MiB window, so that the JIT's warm-up shows.
     */
    private static void measureGcm(String scheme) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        SecretKeySpec secretKey = new SecretKeySpec(key, "AES");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] segment = segments("random")[0];
        byte[] header = new byte[60];
        byte[] sealed = new byte[SEGMENT_BYTES + SEGMENT_BYTES / GCM_SLICE * 16];
        byte[] opened = new byte[SEGMENT_BYTES];
        int perWindow = 128 * MIB / SEGMENT_BYTES;
        StringBuilder line = new StringBuilder(String.format("%-16s %-10s", "aes-256-gcm", scheme));
        for (int window = 0; window < 6; window++) {
            long encryptNanos = 0;
            long decryptNanos = 0;
            for (int i = 0; i < perWindow; i++) {
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                long start = System.nanoTime();
                int sealedLength = scheme.equals("sliced")
                        ? slicedMessage(cipher, Cipher.ENCRYPT_MODE, secretKey, nonce, segment, segment.length, sealed)
                        : chunkMessages(cipher, Cipher.ENCRYPT_MODE, secretKey, nonce, header, segment,
                        segment.length, sealed);
                long middle = System.nanoTime();
                if (scheme.equals("sliced")) {
                    slicedMessage(cipher, Cipher.DECRYPT_MODE, secretKey, nonce, sealed, sealedLength, opened);
                } else {
                    chunkMessages(cipher, Cipher.DECRYPT_MODE, secretKey, nonce, header, sealed, sealedLength, opened);
                }
                long end = System.nanoTime();
                encryptNanos += middle - start;
                decryptNanos += end - middle;
            }
            double bytes = (double) perWindow * SEGMENT_BYTES;
            line.append(String.format(" %6.0f/%-6.0f", bytes * 1e3 / encryptNanos, bytes * 1e3 / decryptNanos));
        }
        System.out.println(line);
    }

    private static int slicedMessage(Cipher cipher, int mode, SecretKeySpec key, byte[] nonce, byte[] in, int length,
                                     byte[] out) throws GeneralSecurityException {
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        int written = 0;
        for (int offset = 0; offset < length; offset += GCM_SLICE) {
            written += cipher.update(in, offset, Math.min(GCM_SLICE, length - offset), out, written);
        }
        return written + cipher.doFinal(out, written);
    }

    private static int chunkMessages(Cipher cipher, int mode, SecretKeySpec key, byte[] nonce, byte[] header,
                                     byte[] in, int length, byte[] out) throws GeneralSecurityException {
        int chunk = mode == Cipher.ENCRYPT_MODE ? GCM_SLICE : GCM_SLICE + 16;
        int written = 0;
        for (int index = 0, offset = 0; offset < length; index++, offset += chunk) {
            byte[] chunkNonce = nonce.clone();
            chunkNonce[11] ^= (byte) index;
            chunkNonce[10] ^= (byte) (index >>> 8);
            cipher.init(mode, key, new GCMParameterSpec(128, chunkNonce));
            cipher.updateAAD(header);
            written += cipher.doFinal(in, offset, Math.min(chunk, length - offset), out, written);
        }
        return written;
    }

    /** Each GCM scheme in a JVM of its own, so that neither inherits the other's compiled code. */
    private static void measureGcmInFreshJvms() throws IOException, InterruptedException {
        System.out.printf("%n%-16s %-10s %s%n", "", "", "encrypt/decrypt MB/s in each 128 MiB window from JVM start");
        for (String scheme : List.of("sliced", "chunked")) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), SegmentCodecBench.class.getName(),
                    "gcm-" + scheme)
                    .inheritIO()
                    .start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the " + scheme + " GCM measurement failed");
            }
        }
    }

    private static Codec copy() {
        return new Codec() {
            public String name() {
                return "copy";
            }

            public byte[] newOutputBuffer(int inputLength) {
                return new byte[inputLength];
            }

            public int compress(byte[] in, byte[] out) {
                System.arraycopy(in, 0, out, 0, in.length);
                return in.length;
            }

            public void decompress(byte[] compressed, int compressedLength, byte[] restored) {
                System.arraycopy(compressed, 0, restored, 0, compressedLength);
            }
        };
    }

    private static Codec lz4() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        LZ4Compressor compressor = factory.fastCompressor();
        LZ4SafeDecompressor decompressor = factory.safeDecompressor();
        return new Codec() {
            public String name() {
                return "lz4";
            }

            public byte[] newOutputBuffer(int inputLength) {
                return new byte[compressor.maxCompressedLength(inputLength)];
            }

            public int compress(byte[] in, byte[] out) {
                return compressor.compress(in, 0, in.length, out, 0, out.length);
            }

            public void decompress(byte[] compressed, int compressedLength, byte[] restored) {
                decompressor.decompress(compressed, 0, compressedLength, restored, 0);
            }
        };
    }

    private static Codec zstd(int level) {
        return new Codec() {
            public String name() {
                return "zstd-" + level;
            }

            public byte[] newOutputBuffer(int inputLength) {
                return new byte[(int) Zstd.compressBound(inputLength)];
            }

            public int compress(byte[] in, byte[] out) {
                return (int) Zstd.compressByteArray(out, 0, out.length, in, 0, in.length, level);
            }

            public void decompress(byte[] compressed, int compressedLength, byte[] restored) {
                Zstd.decompressByteArray(restored, 0, restored.length, compressed, 0, compressedLength);
            }
        };
    }

    private static byte[][] segments(String data) {
        Random random = new Random(20_251_125L);
        byte[][] segments = new byte[SEGMENTS][SEGMENT_BYTES];
        for (byte[] segment : segments) {
            switch (data) {
                case "random" -> random.nextBytes(segment);
                case "text" -> fillWithText(segment, 0, segment.length, random);
                default -> fillLikeAFilesystem(segment, random);
            }
        }
        return segments;
    }

    /**
     * 4 KiB blocks as a used filesystem holds them: free space (zeros), text and logs, already
     * compressed files (random), and structured binaries (tables of slowly changing numbers).
     */
    private static void fillLikeAFilesystem(byte[] segment, Random random) {
        byte[] noise = new byte[BLOCK];
        for (int block = 0; block < segment.length; block += BLOCK) {
            int kind = random.nextInt(100);
            if (kind < 35) {
                continue;
            }
            if (kind < 65) {
                fillWithText(segment, block, BLOCK, random);
            } else if (kind < 85) {
                random.nextBytes(noise);
                System.arraycopy(noise, 0, segment, block, BLOCK);
            } else {
                int value = random.nextInt();
                for (int i = block; i < block + BLOCK; i += 4) {
                    value += random.nextInt(16);
                    segment[i] = (byte) value;
                    segment[i + 1] = (byte) (value >>> 8);
                    segment[i + 2] = (byte) (value >>> 16);
                    segment[i + 3] = (byte) (value >>> 24);
                }
            }
        }
    }

    /** Log-like lines: timestamps, levels, thread and class names, and words drawn Zipf-like. */
    private static void fillWithText(byte[] target, int offset, int length, Random random) {
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        StringBuilder text = new StringBuilder(length + 256);
        while (text.length() < length) {
            text.append(String.format("2025-11-%02dT%02d:%02d:%02d.%03dZ %-5s [worker-%d] org.example.%s - ",
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextInt(1000), levels[random.nextInt(levels.length)], random.nextInt(8),
                    capitalised(WORDS[zipf(random, 64)])));
            int count = 4 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                text.append(WORDS[zipf(random, WORDS.length)]).append(' ');
            }
            text.append("id=").append(random.nextInt(1_000_000)).append('\n');
        }
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, target, offset, length);
    }

    private static String[] vocabulary() {
        Random random = new Random(42);
        String[] words = new String[4000];
        for (int i = 0; i < words.length; i++) {
            char[] word = new char[2 + random.nextInt(9)];
            for (int c = 0; c < word.length; c++) {
                word[c] = "etaoinshrdlucmfwypvbgkjqxz".charAt(zipf(random, 26));
            }
            words[i] = new String(word);
        }
        return words;
    }

    /** An index in [0, size) where small indexes are much more likely, as with words in text. */
    private static int zipf(Random random, int size) {
        return (int) Math.min(size - 1, Math.floor(Math.pow(size + 1, random.nextDouble()) - 1));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
