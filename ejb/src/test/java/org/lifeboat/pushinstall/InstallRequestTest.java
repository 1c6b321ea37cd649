package org.lifeboat.pushinstall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class InstallRequestTest {

    private static final List<String> DISKS = List.of("/dev/sdb");

    @Test
    void takesTheDiscoveredAddressAndPort22WhenTheRequestNamesNone() {
        InstallRequest.Valid valid = new InstallRequest(null, null, "root", "hunter2-pw", null, null, DISKS)
                .validate(Optional.of("10.0.0.7"));

        assertEquals(new InstallTarget("10.0.0.7", 22, "root", CredentialKind.PASSWORD, DISKS), valid.target());
        assertEquals(Optional.empty(), valid.pinned());
        assertFalse(valid.toString().contains("hunter2-pw"), valid.toString());
    }

    @Test
    void refusesEachBrokenRuleNamingItsField() {
        assertRefused("host", new InstallRequest(null, null, "root", "pw", null, null, DISKS),
                "host is required: discovery knows no address of this machine");
        assertRefused("host", new InstallRequest("a host; rm -rf /", null, "root", "pw", null, null, DISKS),
                "host must be a host name or an IP address (letters, digits, '.', '-', ':'), at most 253 characters");
        assertRefused("port", new InstallRequest("h", 0, "root", "pw", null, null, DISKS),
                "port must be between 1 and 65535, not 0");
        assertRefused("user", new InstallRequest("h", 22, "-oProxyCommand=x", "pw", null, null, DISKS),
                "user is required: the SSH login, 1 to 32 letters, digits, '_', '.' or '-'");
        assertRefused("privateKey", new InstallRequest("h", 22, "root", "pw", "-----BEGIN", null, DISKS),
                "give either password or privateKey (a PEM private key), not both and not neither");
        assertRefused("privateKey", new InstallRequest("h", 22, "root", null, "ssh-rsa AAAA", null, DISKS),
                "privateKey must be a PEM private key (-----BEGIN ... PRIVATE KEY-----), at most 16384 characters");
        assertRefused("hostKeyFingerprint", new InstallRequest("h", 22, "root", "pw", null, "SHA256:short", DISKS),
                "hostKeyFingerprint must be an SSH host key fingerprint as ssh-keygen -lf prints it: SHA256: and 43 "
                        + "base64 characters");
        assertRefused("disks", new InstallRequest("h", 22, "root", "pw", null, null, List.of()),
                "disks is required: 1 to 64 paths on the machine (block devices such as /dev/sda, or image files) "
                        + "for the agent to register");
        assertRefused("disks", new InstallRequest("h", 22, "root", "pw", null, null, List.of("/dev/sdb", "/dev/sdb")),
                "disk /dev/sdb is listed twice");
        assertRefused("disks", new InstallRequest("h", 22, "root", "pw", null, null, List.of("/dev/sdb\n")),
                "every disk must be an absolute path of at most 1024 characters without control characters, not '/dev/sdb\n'");
    }

    @Test
    void quotesEveryWordForTheShell() {
        assertEquals("'/home/o'\\''brien/disk $(x).img'", PushInstallJob.q("/home/o'brien/disk $(x).img"));
    }

    private static void assertRefused(String field, InstallRequest request, String message) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> request.validate(Optional.empty()));
        assertEquals(field, refused.field());
        assertEquals(message, refused.getMessage());
    }
}
