package org.lifeboat.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

/** The certificate fetch's refusals: each names the field at fault and says what went wrong. */
class VcenterCertificatesTest {

    private final VcenterCertificates certificates = new VcenterCertificates();

    @Test
    void aPortThatAnswersPlainHttpDoesNotSpeakTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket client = plain.accept()) {
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            });
            answering.start();
            InvalidRequestException refused = refused("127.0.0.1", plain.getLocalPort());
            assertEquals("port", refused.field());
            assertTrue(refused.getMessage().startsWith("127.0.0.1:" + plain.getLocalPort() + " does not speak TLS"),
                    refused.getMessage());
            answering.join(10_000);
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        InvalidRequestException refused = refused("127.0.0.1", port);
        assertEquals("port", refused.field());
        assertEquals("nothing listens on 127.0.0.1:" + port + ": the connection was refused", refused.getMessage());
    }

    @Test
    void badValuesAreRefusedAsThePutRefusesThem() {
        InvalidRequestException port = refused("127.0.0.1", 70000);
        assertEquals("port", port.field());
        assertEquals("port is between 1 and 65535", port.getMessage());
        InvalidRequestException host = refused("not a host", 443);
        assertEquals("host", host.field());
        InvalidRequestException unknown = refused("no-such-host.invalid", 443);
        assertEquals("host", unknown.field());
        assertEquals("the host name no-such-host.invalid does not resolve", unknown.getMessage());
    }

    private InvalidRequestException refused(String host, int port) {
        return assertThrows(InvalidRequestException.class, () -> certificates.presented(host, port));
    }
}
