package org.lifeboat.connector;

import java.nio.file.Path;
import java.time.Duration;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * Where and how the replication port listens, and where it journals what agents send. Values come
 * from JVM options that the Lifeboat domain configuration writes ({@code -Dlifeboat.replication.*},
 * {@code -Dlifeboat.cache.*}), so operators change them in one place. Segments are sealed by size or
 * age, whichever comes first: the age bounds how long data waits before upload, and so the RPO.
 * <p>
 * The port's limits keep one hostile or broken client from taking replication from everybody:
 * {@code handshakeTimeout} is an absolute deadline for TLS and HELLO; {@code maxHandshakes} (over all
 * addresses) and {@code maxHandshakesPerAddress} bound connections not yet authenticated, so the rest
 * of {@code maxConnections} stays free for agents; {@code receiveBudgetBytes} bounds the frame buffers
 * all sessions hold at once.
 */
public record ReplicationSettings(String bindAddress, int port, Duration handshakeTimeout, Duration idleTimeout,
                                  int maxConnections, int maxHandshakes, int maxHandshakesPerAddress,
                                  long receiveBudgetBytes, Path keyStore, Path keyStorePasswordFile,
                                  Path cacheDirectory, long cacheCapacityBytes, long segmentMaxBytes,
                                  Duration segmentMaxAge) {

    static final String PREFIX = "lifeboat.replication.";

    public ReplicationSettings {
        if (maxHandshakes < 1 || maxHandshakes > maxConnections) {
            throw new IllegalArgumentException(PREFIX + "max-handshakes " + maxHandshakes
                    + " is not between 1 and max-connections (" + maxConnections + ")");
        }
        if (maxHandshakesPerAddress < 1 || maxHandshakesPerAddress > maxHandshakes) {
            throw new IllegalArgumentException(PREFIX + "max-handshakes-per-address " + maxHandshakesPerAddress
                    + " is not between 1 and max-handshakes (" + maxHandshakes + ")");
        }
        if (receiveBudgetBytes < 2L * ProtocolLimits.MAX_PAYLOAD_BYTES
                || receiveBudgetBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + "receive-budget-bytes " + receiveBudgetBytes
                    + " is not between two full frames and 2 GiB");
        }
    }

    public static ReplicationSettings fromSystemProperties() {
        Path home = Path.of(System.getProperty("lifeboat.home", "."));
        return new ReplicationSettings(
                System.getProperty(PREFIX + "address", "0.0.0.0"),
                Integer.getInteger(PREFIX + "port", 9443),
                Duration.ofSeconds(Integer.getInteger(PREFIX + "handshake-timeout-seconds", 10)),
                Duration.ofSeconds(Integer.getInteger(PREFIX + "idle-timeout-seconds", 120)),
                Integer.getInteger(PREFIX + "max-connections", 256),
                Integer.getInteger(PREFIX + "max-handshakes", 64),
                Integer.getInteger(PREFIX + "max-handshakes-per-address", 16),
                Long.getLong(PREFIX + "receive-budget-bytes", 128L << 20),
                Path.of(System.getProperty(PREFIX + "keystore", home.resolve("tls/server.p12").toString())),
                Path.of(System.getProperty(PREFIX + "keystore-password-file",
                        home.resolve("secrets/tls-keystore-password").toString())),
                Path.of(System.getProperty("lifeboat.cache.directory", home.resolve("cache").toString())),
                Long.getLong("lifeboat.cache.capacity-bytes", 8L << 30),
                Long.getLong("lifeboat.cache.segment-max-bytes", 16L << 20),
                Duration.ofMillis(Long.getLong("lifeboat.cache.segment-max-age-millis", 2000)));
    }
}
