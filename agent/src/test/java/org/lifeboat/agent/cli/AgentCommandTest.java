package org.lifeboat.agent.cli;

import org.junit.jupiter.api.Test;
import org.lifeboat.agent.testing.AgentRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentCommandTest {

    @Test
    void printsTheBuildVersionAndProtocol() {
        AgentRun run = AgentRun.of("version");

        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().matches("lifeboat-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(protocol 1\\)\\R"), run.out());
    }

    @Test
    void printsTheSameVersionForTheVersionOption() {
        assertEquals(AgentRun.of("version").out(), AgentRun.of("--version").out());
    }

    @Test
    void listsItsCommandsInTheHelp() {
        AgentRun run = AgentRun.of("--help");

        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().startsWith("Usage: lifeboat-agent"), run.out());
        assertTrue(run.out().contains("ping "), run.out());
        assertTrue(run.out().contains("version "), run.out());
    }

    @Test
    void explainsItsExitCodesInThePingHelp() {
        AgentRun run = AgentRun.of("ping", "--help");

        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("4   the server's certificate is not trusted"), run.out());
    }

    @Test
    void needsACommand() {
        AgentRun run = AgentRun.of();

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Missing command"), run.err());
    }

    @Test
    void refusesAProcessServerThatIsNoAddress() {
        AgentRun run = AgentRun.of("run", "--state", "/nonexistent", "--process-server", "ps.example.com");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("--process-server"), run.err());
    }
}
