package org.lifeboat.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * The agent's first frame: who it is and, once agents register, how it proves it.
 *
 * @param protocolVersion the wire format the agent speaks, {@link ProtocolLimits#PROTOCOL_VERSION}
 * @param agentName       a human name, usually the protected machine's host name
 * @param agentVersion    the agent software version
 * @param agentId         the id issued at registration; empty before registration
 * @param credential      proof of that id; empty before registration
 */
public record Hello(int protocolVersion, String agentName, String agentVersion, String agentId, byte[] credential) {

    public Hello {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version " + protocolVersion + " does not fit in 16 bits");
        }
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(agentId, "agentId");
        credential = Objects.requireNonNull(credential, "credential").clone();
    }

    /** A HELLO from an agent that has not registered yet. */
    public static Hello unregistered(String agentName, String agentVersion) {
        return new Hello(ProtocolLimits.PROTOCOL_VERSION, agentName, agentVersion, "", new byte[0]);
    }

    public Frame toFrame() {
        return new PayloadWriter()
                .u16("protocolVersion", protocolVersion)
                .string("agentName", agentName)
                .string("agentVersion", agentVersion)
                .string("agentId", agentId)
                .bytes("credential", credential)
                .toFrame(FrameType.HELLO);
    }

    /**
     * @throws MalformedFrameException  with {@code BAD_PAYLOAD} if the payload is not a HELLO
     * @throws IllegalArgumentException if the frame is not a HELLO frame
     */
    public static Hello from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.HELLO);
        Hello hello = new Hello(
                payload.u16("protocolVersion"),
                payload.string("agentName"),
                payload.string("agentVersion"),
                payload.string("agentId"),
                payload.bytes("credential"));
        payload.end();
        String problem = fieldProblem(hello);
        if (problem != null) {
            throw payload.malformed(problem);
        }
        return hello;
    }

    /** Why a HELLO's fields do not fit what the server keeps of an agent, or null when they do. */
    private static String fieldProblem(Hello hello) {
        if (hello.agentName.length() > ProtocolLimits.MAX_AGENT_NAME_CHARS) {
            return "agent name of " + hello.agentName.length() + " characters exceeds the "
                    + ProtocolLimits.MAX_AGENT_NAME_CHARS + "-character limit";
        }
        if (hello.agentVersion.length() > ProtocolLimits.MAX_AGENT_VERSION_CHARS) {
            return "agent version of " + hello.agentVersion.length() + " characters exceeds the "
                    + ProtocolLimits.MAX_AGENT_VERSION_CHARS + "-character limit";
        }
        if (hello.agentId.length() > ProtocolLimits.MAX_ID_CHARS) {
            return "agent id of " + hello.agentId.length() + " characters exceeds the "
                    + ProtocolLimits.MAX_ID_CHARS + "-character limit";
        }
        if (hello.credential.length > ProtocolLimits.MAX_CREDENTIAL_BYTES) {
            return "credential of " + hello.credential.length + " bytes exceeds the "
                    + ProtocolLimits.MAX_CREDENTIAL_BYTES + "-byte limit";
        }
        return null;
    }

    @Override
    public byte[] credential() {
        return credential.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hello hello
                && protocolVersion == hello.protocolVersion
                && agentName.equals(hello.agentName)
                && agentVersion.equals(hello.agentVersion)
                && agentId.equals(hello.agentId)
                && Arrays.equals(credential, hello.credential);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolVersion, agentName, agentVersion, agentId, Arrays.hashCode(credential));
    }

    /** Leaves the credential out so that a logged HELLO gives nothing away. */
    @Override
    public String toString() {
        return "Hello[protocolVersion=" + protocolVersion + ", agentName=" + agentName
                + ", agentVersion=" + agentVersion + ", agentId=" + agentId
                + ", credential=" + credential.length + " bytes]";
    }
}
