package org.lifeboat.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;

/** Clients of the replication port that speak the wire protocol by hand, well or badly. */
final class ReplicationClients {

    private ReplicationClients() {
    }

    /** A TLS connection to the replication port, handshake done, that waits up to 30 s for each read. */
    static SSLSocket tlsConnection() throws IOException {
        String[] hostPort = LifeboatStack.replicationAddress().split(":");
        SSLSocket socket = (SSLSocket) LifeboatStack.trustingServer().getSocketFactory()
                .createSocket(hostPort[0], Integer.parseInt(hostPort[1]));
        return handshaken(socket);
    }

    /**
     * As {@link #tlsConnection()}, from another loopback address than the agents' 127.0.0.1 (all of
     * 127.0.0.0/8 is this machine): a hostile host is another address than the machines it locks out.
     */
    static SSLSocket tlsConnectionFrom(InetAddress local) throws IOException {
        String[] hostPort = LifeboatStack.replicationAddress().split(":");
        SSLSocket socket = (SSLSocket) LifeboatStack.trustingServer().getSocketFactory()
                .createSocket(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1]), local, 0);
        return handshaken(socket);
    }

    private static SSLSocket handshaken(SSLSocket socket) throws IOException {
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    /**
     * Reads until the server closes the connection (an ERROR frame at most comes first); fails if the
     * server keeps it open past the socket's read timeout.
     */
    static void assertClosedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // drain whatever the server said before closing
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException e) {
            // a reset also closes it
        }
    }

    /** A BOOKMARK built by hand, byte by byte: the record's constructor refuses such an id. */
    static Frame rawBookmark(String diskId, long sequence, String bookmarkId) {
        byte[] disk = diskId.getBytes(StandardCharsets.UTF_8);
        byte[] id = bookmarkId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + disk.length + 16 + 2 + id.length + 1);
        payload.putShort((short) disk.length).put(disk).putLong(sequence).putLong(System.currentTimeMillis())
                .putShort((short) id.length).put(id).put((byte) 1);
        return new Frame(FrameType.BOOKMARK, payload.array());
    }

    /** A frame as it goes on the wire. */
    static byte[] bytes(Frame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out).write(frame);
        return out.toByteArray();
    }
}
