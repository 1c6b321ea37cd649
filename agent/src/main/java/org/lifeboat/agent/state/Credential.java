package org.lifeboat.agent.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The secret the server issued at registration. Never printed: {@link #toString()} hides it,
 * and only {@link #reveal()} hands it to the two places that must send it.
 */
public final class Credential {

    private final String secret;

    public Credential(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the credential is empty");
        }
        this.secret = secret;
    }

    public String reveal() {
        return secret;
    }

    /** What HELLO carries: the UTF-8 bytes of the credential string. */
    public byte[] helloBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credential credential && secret.equals(credential.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "Credential[hidden]";
    }
}
