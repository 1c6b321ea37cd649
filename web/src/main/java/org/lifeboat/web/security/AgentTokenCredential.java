package org.lifeboat.web.security;

import jakarta.security.enterprise.credential.Credential;

/** A mobility agent's bearer token, {@code <agentId>.<credential>}. */
public record AgentTokenCredential(String agentId, String secret) implements Credential {

    static AgentTokenCredential parse(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return null;
        }
        return new AgentTokenCredential(token.substring(0, dot), token.substring(dot + 1));
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "AgentTokenCredential[" + agentId + "]";
    }
}
