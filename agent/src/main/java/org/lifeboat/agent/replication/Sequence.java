package org.lifeboat.agent.replication;

/**
 * A record's place in its disk's stream. Sequences start at 1 and are consecutive within a
 * connection; 0 means "none yet".
 */
public record Sequence(long value) implements Comparable<Sequence> {

    public static final Sequence NONE = new Sequence(0);

    public Sequence {
        if (value < 0) {
            throw new IllegalArgumentException("sequence " + value + " is negative");
        }
    }

    public static Sequence of(long value) {
        return new Sequence(value);
    }

    public Sequence next() {
        return new Sequence(value + 1);
    }

    public boolean isAfter(Sequence other) {
        return value > other.value;
    }

    public static Sequence max(Sequence a, Sequence b) {
        return a.value >= b.value ? a : b;
    }

    @Override
    public int compareTo(Sequence other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
