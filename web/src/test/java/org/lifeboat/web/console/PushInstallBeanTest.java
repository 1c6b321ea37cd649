package org.lifeboat.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lifeboat.pushinstall.CredentialKind;
import org.lifeboat.pushinstall.HostKeyFingerprint;
import org.lifeboat.pushinstall.InstallTarget;
import org.lifeboat.pushinstall.PushInstaller;

/** The install page's confirmation: what will happen, in words, for a key-based login to a host key supplied. */
class PushInstallBeanTest {

    @Test
    void theConfirmationNamesTheSuppliedHostKeyAndTheKeyLogin() {
        String key = "SHA256:" + "A".repeat(43);
        PushInstaller.InstallPlan plan = new PushInstaller.InstallPlan("web01", new InstallTarget("10.0.0.5", 2222,
                "ops", CredentialKind.PRIVATE_KEY, List.of("/dev/sda", "/dev/sdb")),
                Optional.of(new HostKeyFingerprint(key)));
        assertEquals("Lifeboat connects over SSH to 10.0.0.5, port 2222, as ops with the private key given. The machine "
                + "must present the host key " + key + " (as supplied): any other key stops the installation before "
                + "logging in. It checks the machine (Linux, Java 17 or later), copies the agent onto it, registers the "
                + "agent with this server (a one-time token, no passphrase on the machine), installs the systemd service "
                + "lifeboat-agent.service (system-wide as root, else the user's own), enables and starts it. The agent "
                + "registers /dev/sda, /dev/sdb of web01.", PushInstallBean.whatHappens(plan));
    }
}
