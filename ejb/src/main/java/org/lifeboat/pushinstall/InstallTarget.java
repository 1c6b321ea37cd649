package org.lifeboat.pushinstall;

import java.util.List;

/** Where and how the agent is pushed: the SSH endpoint and login (its secret kept apart), and the disks to register. */
public record InstallTarget(String host, int port, String user, CredentialKind credentialKind, List<String> disks) {

    public InstallTarget {
        disks = List.copyOf(disks);
    }

    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
