package org.lifeboat.web.security;

import java.util.Set;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.lifeboat.scaleout.ProcessServerRegistration;

/**
 * Registered scale-out process servers, by the bearer token {@code <processServerId>.<credential>} (the agents'
 * form, {@link AgentTokenCredential}); they act in the role "processServer" under their name. An agent's token is
 * not one of theirs, and the reverse: each store answers invalid for the other's, and the handler takes the valid.
 */
@ApplicationScoped
public class ProcessServerIdentityStore implements IdentityStore {

    public static final String ROLE = "processServer";

    @EJB
    private ProcessServerRegistration registration;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof AgentTokenCredential token)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return registration.authenticate(token.agentId(), token.secret())
                .map(ps -> new CredentialValidationResult(ps.getName(), Set.of(ROLE)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
