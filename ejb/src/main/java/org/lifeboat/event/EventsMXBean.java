package org.lifeboat.event;

/** The event store's size and pruning, for jconsole: {@code lifeboat:type=Events}. */
public interface EventsMXBean {

    String OBJECT_NAME = "lifeboat:type=Events";

    long getStoredEvents();

    /** ISO-8601, e.g. {@code P90D}; older events are pruned (active alerts never are). */
    String getMaxAge();

    void setMaxAge(String maxAge);

    /** The newest this many events are kept, besides active alerts. */
    int getMaxCount();

    void setMaxCount(int maxCount);

    /** Prunes now (it also runs every minute); returns how many events it deleted. */
    long prune();

    /** Events deleted by pruning since the server started. */
    long getPrunedSinceStart();
}
