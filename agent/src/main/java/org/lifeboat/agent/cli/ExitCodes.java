package org.lifeboat.agent.cli;

import picocli.CommandLine;

/**
 * What the agent's exit status means, so that scripts can tell failures apart.
 */
final class ExitCodes {

    static final int OK = CommandLine.ExitCode.OK;
    /** Anything unexpected; picocli prints the stack trace. */
    static final int SOFTWARE = CommandLine.ExitCode.SOFTWARE;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int UNREACHABLE = 3;
    static final int UNTRUSTED_CERTIFICATE = 4;
    static final int HANDSHAKE_REJECTED = 5;

    private ExitCodes() {
    }
}
