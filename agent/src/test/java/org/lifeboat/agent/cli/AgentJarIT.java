package org.lifeboat.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar runs on its own, as the server's tests and operators run it. */
class AgentJarIT {

    /** Set by the build, which knows where it put the jar. */
    private static final Path JAR = Path.of(System.getProperty("lifeboat.agent.jar"));

    @Test
    void printsItsVersion() throws Exception {
        Result result = run("version");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().matches("lifeboat-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(protocol 1\\)\\R"),
                result.output());
    }

    @Test
    void exitsWithThePingFailureCode() throws Exception {
        Result result = run("ping", "--server", "no-such-host.invalid:9443");

        assertEquals(ExitCodes.UNREACHABLE, result.exitCode(), result.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... arguments) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the agent did not exit");
        return new Result(process.exitValue(), output);
    }
}
