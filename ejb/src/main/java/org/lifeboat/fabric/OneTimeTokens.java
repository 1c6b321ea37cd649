package org.lifeboat.fabric;

/**
 * One-time registration tokens a push installation issues (package pushinstall implements it). Registration
 * asks for it through this interface, not the push installation's classes, so the data path, which
 * authenticates agents with {@link AgentRegistration} on a scale-out process server, carries none of them.
 */
public interface OneTimeTokens {

    /**
     * @return the installation the token was issued for, now used
     * @throws RegistrationRefusedException naming why: unknown, used already, or expired
     */
    String use(String token);

    /** Records the agent a token registered. */
    void registered(String installId, String agentId);
}
