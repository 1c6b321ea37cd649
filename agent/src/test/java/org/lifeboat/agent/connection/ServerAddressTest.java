package org.lifeboat.agent.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerAddressTest {

    @Test
    void parsesHostAndPort() {
        assertEquals(new ServerAddress("lifeboat.example.com", 9443), ServerAddress.parse("lifeboat.example.com:9443"));
    }

    @Test
    void parsesABracketedIpv6Address() {
        ServerAddress address = ServerAddress.parse("[::1]:9443");

        assertEquals(new ServerAddress("::1", 9443), address);
        assertEquals("[::1]:9443", address.toString());
    }

    @Test
    void printsAsItIsWritten() {
        assertEquals("10.0.0.5:9443", ServerAddress.parse("10.0.0.5:9443").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lifeboat", ":9443", "lifeboat:", "lifeboat:0", "lifeboat:65536", "lifeboat:94x3",
            "lifeboat:-1", "::1:9443", "[]:9443"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(text));
    }
}
