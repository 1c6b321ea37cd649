package org.lifeboat.pushinstall;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code POST /protectableItems/{id}/installAgent}'s body: how to reach the machine over SSH and which of its
 * disks the agent registers. {@link #validate} refuses the first broken rule with the field's name.
 */
public record InstallRequest(String host, Integer port, String user, String password, String privateKey,
                             String hostKeyFingerprint, List<String> disks) {

    static final int MAX_DISKS = 64;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_PRIVATE_KEY = 16 * 1024;
    static final int MAX_DISK_PATH = 1024;

    /** The checked request: the target, its secret (password or PEM) and the host key to pin, if given. */
    public record Valid(InstallTarget target, String secret, Optional<HostKeyFingerprint> pinned) {
        @Override
        public String toString() {
            return "Valid[" + target + ", secret hidden, pinned=" + pinned + "]";
        }
    }

    @Override
    public String toString() {
        return "InstallRequest[host=" + host + ", port=" + port + ", user=" + user + ", credentials hidden, "
                + "hostKeyFingerprint=" + hostKeyFingerprint + ", disks=" + disks + "]";
    }

    /** @param defaultHost the discovered VM's address, used when the request names no host */
    public Valid validate(Optional<String> defaultHost) {
        String chosenHost = host != null ? host : defaultHost.orElseThrow(() -> new InvalidRequestException("host",
                "host is required: discovery knows no address of this machine"));
        require("host", chosenHost.length() <= 253 && chosenHost.matches("[A-Za-z0-9._:%-]+"),
                "host must be a host name or an IP address (letters, digits, '.', '-', ':'), at most 253 characters");
        int chosenPort = port == null ? 22 : port;
        require("port", chosenPort >= 1 && chosenPort <= 65535, "port must be between 1 and 65535, not " + chosenPort);
        require("user", user != null && user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}"),
                "user is required: the SSH login, 1 to 32 letters, digits, '_', '.' or '-'");
        require(password != null ? "privateKey" : "password", (password == null) != (privateKey == null),
                "give either password or privateKey (a PEM private key), not both and not neither");
        CredentialKind kind = password != null ? CredentialKind.PASSWORD : CredentialKind.PRIVATE_KEY;
        if (kind == CredentialKind.PASSWORD) {
            require("password", !password.isEmpty() && password.length() <= MAX_PASSWORD,
                    "password must be 1 to " + MAX_PASSWORD + " characters");
        } else {
            require("privateKey", privateKey.length() <= MAX_PRIVATE_KEY && privateKey.strip().startsWith("-----BEGIN ")
                            && privateKey.contains("PRIVATE KEY-----"),
                    "privateKey must be a PEM private key (-----BEGIN ... PRIVATE KEY-----), at most "
                            + MAX_PRIVATE_KEY + " characters");
        }
        Optional<HostKeyFingerprint> pin = Optional.ofNullable(hostKeyFingerprint).map(HostKeyFingerprint::new);
        require("disks", disks != null && !disks.isEmpty() && disks.size() <= MAX_DISKS,
                "disks is required: 1 to " + MAX_DISKS + " paths on the machine (block devices such as /dev/sda, "
                        + "or image files) for the agent to register");
        Set<String> seen = new HashSet<>();
        for (String disk : disks) {
            require("disks", disk != null && disk.startsWith("/") && disk.length() <= MAX_DISK_PATH
                            && disk.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                    "every disk must be an absolute path of at most " + MAX_DISK_PATH + " characters without "
                            + "control characters, not " + (disk == null ? "null" : "'" + disk + "'"));
            require("disks", seen.add(disk), "disk " + disk + " is listed twice");
        }
        return new Valid(new InstallTarget(chosenHost, chosenPort, user, kind, disks),
                kind == CredentialKind.PASSWORD ? password : privateKey, pin);
    }

    private static void require(String field, boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(field, message);
        }
    }
}
