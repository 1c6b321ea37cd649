/**
 * The churn profiler ({@code lifeboat agent profile}): measures each disk's writes through the same
 * tracefs session as the trace tracker, and says with {@link org.lifeboat.protocol.sizing} whether
 * the machine fits and what it needs. No registration, no server.
 */
package org.lifeboat.agent.profile;
