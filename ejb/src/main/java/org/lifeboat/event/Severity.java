package org.lifeboat.event;

/** How much an event needs the operator, in ASR's terms. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
