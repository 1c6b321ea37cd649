package org.lifeboat.connector;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * Where and how the replication port listens, and where it journals what agents send. Values come
 * from MicroProfile Config, in practice the JVM options that the Lifeboat domain configuration writes
 * ({@code -Dlifeboat.replication.*}, {@code -Dlifeboat.cache.*}), so operators change them in one place. Segments are sealed by size or
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

    /**
     * The settings as MicroProfile Config gives them (the JVM options first). A value that cannot be read
     * fails the adapter's start with the setting's name rather than run the port on a default.
     */
    public static ReplicationSettings fromConfig() {
        Config config = ConfigProvider.getConfig();
        Path home = Path.of(config.getOptionalValue("lifeboat.home", String.class).orElse("."));
        return new ReplicationSettings(
                config.getOptionalValue(PREFIX + "address", String.class).orElse("0.0.0.0"),
                config.getOptionalValue(PREFIX + "port", Integer.class).orElse(9443),
                Duration.ofSeconds(config.getOptionalValue(PREFIX + "handshake-timeout-seconds", Integer.class).orElse(10)),
                Duration.ofSeconds(config.getOptionalValue(PREFIX + "idle-timeout-seconds", Integer.class).orElse(120)),
                config.getOptionalValue(PREFIX + "max-connections", Integer.class).orElse(256),
                config.getOptionalValue(PREFIX + "max-handshakes", Integer.class).orElse(64),
                config.getOptionalValue(PREFIX + "max-handshakes-per-address", Integer.class).orElse(16),
                config.getOptionalValue(PREFIX + "receive-budget-bytes", Long.class).orElse(128L << 20),
                config.getOptionalValue(PREFIX + "keystore", String.class).map(Path::of).orElse(home.resolve("tls/server.p12")),
                config.getOptionalValue(PREFIX + "keystore-password-file", String.class).map(Path::of)
                        .orElse(home.resolve("secrets/tls-keystore-password")),
                config.getOptionalValue("lifeboat.cache.directory", String.class).map(Path::of).orElse(home.resolve("cache")),
                config.getOptionalValue("lifeboat.cache.capacity-bytes", Long.class).orElse(8L << 30),
                config.getOptionalValue("lifeboat.cache.segment-max-bytes", Long.class).orElse(16L << 20),
                Duration.ofMillis(config.getOptionalValue("lifeboat.cache.segment-max-age-millis", Long.class).orElse(2000L)));
    }
}
