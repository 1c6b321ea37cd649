package org.lifeboat.monitoring;

/** Replication health in ASR's three levels; the worse of two is the one with the higher ordinal. */
public enum Health {
    NORMAL("Normal"), WARNING("Warning"), CRITICAL("Critical");

    private final String label;

    Health(String label) {
        this.label = label;
    }

    /** As ASR's portal and REST API spell it. */
    public String label() {
        return label;
    }

    public Health worse(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
