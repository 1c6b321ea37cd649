package org.lifeboat.agent.bookmark;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HookCommandTest {

    @Test
    void succeedsWhenTheCommandExitsWithZero() throws InterruptedException {
        assertEquals(Optional.empty(), new HookCommand("pre-freeze", "true", Duration.ofSeconds(5)).run());
    }

    @Test
    void quotesTheLastLineOfAFailingCommand() throws InterruptedException {
        Optional<String> failure = new HookCommand("pre-freeze", "echo first; echo 'fsfreeze: /data: busy' >&2; exit 1",
                Duration.ofSeconds(5)).run();

        assertEquals(Optional.of("'echo first; echo 'fsfreeze: /data: busy' >&2; exit 1' exited with status 1:"
                + " fsfreeze: /data: busy"), failure);
    }

    @Test
    void killsACommandThatOverrunsItsTime() throws InterruptedException {
        long start = System.nanoTime();

        Optional<String> failure = new HookCommand("pre-freeze", "sleep 30", Duration.ofSeconds(1)).run();

        assertEquals(Optional.of("'sleep 30' did not finish within 1 s and was killed"), failure);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }
}
