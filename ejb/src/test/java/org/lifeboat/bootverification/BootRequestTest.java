package org.lifeboat.bootverification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class BootRequestTest {

    @Test
    void nothingGivenMeansTheDefaults() {
        BootRequest request = BootRequest.of(null, null, null, " ");
        assertEquals(BootRequest.DEFAULT_MARKER, request.marker().pattern());
        assertTrue(request.marker().matcher("[    2.735810] Run /init as init process").find());
        assertTrue(request.marker().matcher("debian login: ").find());
        assertEquals(Duration.ofMinutes(5), request.timeLimit());
        assertNull(request.probe());
        assertNull(request.bootDiskId());
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertEquals("marker", assertThrows(InvalidRequestException.class,
                () -> BootRequest.of("(unclosed", null, null, null)).field());
        assertEquals("marker", assertThrows(InvalidRequestException.class,
                () -> BootRequest.of(".*", null, null, null)).field(), "matches every line: proves nothing");
        assertEquals("probe", assertThrows(InvalidRequestException.class,
                () -> BootRequest.of(null, "true\nreboot", null, null)).field());
        assertEquals("timeLimitSeconds", assertThrows(InvalidRequestException.class,
                () -> BootRequest.of(null, null, 5L, null)).field());
        assertEquals("timeLimitSeconds", assertThrows(InvalidRequestException.class,
                () -> BootRequest.of(null, null, 3601L, null)).field());
        assertEquals(Duration.ofSeconds(60), BootRequest.of("READY", "true", 60L, null).timeLimit());
    }
}
