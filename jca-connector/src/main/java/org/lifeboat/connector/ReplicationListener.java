package org.lifeboat.connector;

import org.lifeboat.protocol.Hello;

/**
 * The message listener a process-server endpoint (a message-driven bean) implements to receive what
 * agents send on the replication port. The adapter owns sockets, TLS and framing; the endpoint owns
 * decisions (who may connect, what to answer).
 */
public interface ReplicationListener {

    /**
     * Called with the first frame of a connection, after TLS and frame checks: authenticates the agent.
     *
     * @return a refusal (sent as ERROR, then the connection closes) or the agent and the disks it may
     *         replicate (sent as WELCOME and RESUME; the adapter then journals and acknowledges records)
     */
    Admission onHello(Hello hello, ReplicationPeer peer);
}
