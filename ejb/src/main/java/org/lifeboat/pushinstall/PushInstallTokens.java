package org.lifeboat.pushinstall;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.fabric.OneTimeTokens;

/** The push installations' one-time tokens, as registration asks for them. */
@ApplicationScoped
public class PushInstallTokens implements OneTimeTokens {

    @EJB
    private AgentInstallRepository installs;

    @Override
    public String use(String token) {
        return installs.useToken(token);
    }

    @Override
    public void registered(String installId, String agentId) {
        installs.registered(installId, agentId);
    }
}
