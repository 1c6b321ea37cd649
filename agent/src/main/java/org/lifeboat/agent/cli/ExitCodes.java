package org.lifeboat.agent.cli;

import picocli.CommandLine;

/**
 * What the agent's exit status means, so that scripts can tell failures apart.
 */
final class ExitCodes {

    static final int OK = CommandLine.ExitCode.OK;
    /** Anything unexpected; picocli prints the stack trace. */
    static final int SOFTWARE = CommandLine.ExitCode.SOFTWARE;
    /** Invalid arguments, or local files (disks, state directory) that cannot be used as given. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int UNREACHABLE = 3;
    static final int UNTRUSTED_CERTIFICATE = 4;
    static final int HANDSHAKE_REJECTED = 5;
    /** The server refused the agent: wrong passphrase, invalid registration, or the agent was revoked. */
    static final int REFUSED = 6;
    /** No daemon runs for the state directory. */
    static final int NOT_RUNNING = 7;
    /** The daemon could not complete the request, e.g. a bookmark was not acknowledged in time. */
    static final int FAILED = 8;

    private ExitCodes() {
    }
}
