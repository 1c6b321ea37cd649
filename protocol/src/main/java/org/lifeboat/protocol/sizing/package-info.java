/**
 * Will a machine fit: the churn limits Lifeboat sizes against (ASR's, in one place) and the sizing a
 * measured churn needs. Shared by the agent's churn profiler ({@code lifeboat agent profile}) and the
 * server's {@code /api/v1/profiles/summary}, so both give the same answer for the same figures.
 * MB = 10^6 bytes, as ASR's limits are stated.
 */
package org.lifeboat.protocol.sizing;
