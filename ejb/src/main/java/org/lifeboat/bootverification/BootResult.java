package org.lifeboat.bootverification;

import java.time.Duration;

/** How one boot went: the outcome, why, how long it took and what the console showed last. */
record BootResult(BootOutcome outcome, String reason, Duration duration, String consoleTail) {
}
