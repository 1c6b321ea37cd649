package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocket;
import jakarta.json.JsonObject;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * An agent registered straight through the REST API (computing the passphrase proof itself) with one
 * protected disk, for tests that speak the wire protocol by hand.
 */
final class RegisteredTestAgent {

    final String agentId;
    final String credential;
    final String diskId;
    final long diskSize;

    private RegisteredTestAgent(String agentId, String credential, String diskId, long diskSize) {
        this.agentId = agentId;
        this.credential = credential;
        this.diskId = diskId;
        this.diskSize = diskSize;
    }

    static RegisteredTestAgent registerAndProtect(String item, long diskSize) throws Exception {
        String nonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
        String proof = hmac(LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/registration-passphrase")),
                "lifeboat-register\n" + fingerprint() + "\n" + nonce);
        String body = "{\"name\":\"" + item + "\",\"hostname\":\"test\",\"agentVersion\":\"it\",\"disks\":[{\"path\":"
                + "\"/dev/test\",\"sizeBytes\":" + diskSize + "}],\"nonce\":\"" + nonce + "\",\"passphraseProof\":\""
                + proof + "\"}";
        HttpResponse<String> registered = register(body);
        assertEquals(201, registered.statusCode(), registered.body());
        JsonObject agent = JsonBodies.object(registered.body());

        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null); // left by an earlier run, if any
        HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                "{\"agentId\":\"" + agent.getString("agentId") + "\"}");
        assertEquals(200, enabled.statusCode(), enabled.body());
        String diskId = JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        return new RegisteredTestAgent(agent.getString("agentId"), agent.getString("credential"), diskId, diskSize);
    }

    static HttpResponse<String> register(String json) throws IOException, InterruptedException {
        return LifeboatStack.http().send(HttpRequest.newBuilder(URI.create(LifeboatStack.access().get("API") + "/agents"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A TLS connection to the replication port that has said HELLO with this agent's credential. */
    Connection connect() throws IOException {
        String[] hostPort = LifeboatStack.replicationAddress().split(":");
        SSLSocket socket = (SSLSocket) LifeboatStack.trustingServer().getSocketFactory()
                .createSocket(hostPort[0], Integer.parseInt(hostPort[1]));
        socket.setSoTimeout(30_000);
        Connection connection = new Connection(socket);
        connection.writer.write(new Hello(ProtocolLimits.PROTOCOL_VERSION, "it", "it", agentId,
                credential.getBytes(StandardCharsets.UTF_8)).toFrame());
        return connection;
    }

    static final class Connection implements AutoCloseable {
        final SSLSocket socket;
        final FrameReader reader;
        final FrameWriter writer;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
            this.writer = new FrameWriter(socket.getOutputStream());
        }

        /**
         * The next frame that is not a DURABLE: the server sends those whenever Azure holds more of a disk
         * (at RESUME and after each upload), between any two other frames.
         */
        Optional<Frame> readSkippingDurable() throws IOException {
            Optional<Frame> frame = reader.read();
            while (frame.isPresent() && frame.get().type() == FrameType.DURABLE) {
                frame = reader.read();
            }
            return frame;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String fingerprint() throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(LifeboatStack.serverCertificate())) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    static String hmac(String key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
