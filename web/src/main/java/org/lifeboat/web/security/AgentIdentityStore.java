package org.lifeboat.web.security;

import java.util.Set;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.lifeboat.fabric.AgentRegistration;

/**
 * Registered, unrevoked mobility agents, by their bearer token; they act in the role "agent". It both
 * validates and provides groups: the identity store handler keeps a validating store's groups only then.
 */
@ApplicationScoped
public class AgentIdentityStore implements IdentityStore {

    public static final String ROLE = "agent";

    @EJB
    private AgentRegistration registration;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof AgentTokenCredential token)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return registration.authenticate(token.agentId(), token.secret())
                .map(agent -> new CredentialValidationResult(agent.getId(), Set.of(ROLE)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
