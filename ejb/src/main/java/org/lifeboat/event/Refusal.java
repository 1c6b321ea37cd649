package org.lifeboat.event;

/** What a client was refused on the HTTPS port; refusals are counted per address, not stored one by one. */
public enum Refusal {
    ADMINISTRATOR_LOGIN("Administrator login", "wrong passwords"),
    AGENT_REGISTRATION("Agent registration", "wrong passphrase proofs"),
    PROCESS_SERVER_REGISTRATION("Process server registration", "wrong passphrase proofs");

    private final String what;
    private final String failures;

    Refusal(String what, String failures) {
        this.what = what;
        this.failures = failures;
    }

    /** E.g. "Administrator login". */
    public String what() {
        return what;
    }

    /** What the checked refusals were, e.g. "wrong passwords". */
    public String failures() {
        return failures;
    }
}
