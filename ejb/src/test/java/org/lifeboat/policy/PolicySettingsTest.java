package org.lifeboat.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lifeboat.shared.InvalidRequestException;

class PolicySettingsTest {

    @ParameterizedTest(name = "rpo {0}, retention {1}, app {2}, crash {3} -> {4}")
    @CsvSource({
            "0, 24, 0, 5, rpoThresholdMinutes",
            "1441, 24, 0, 5, rpoThresholdMinutes",
            "30, -1, 0, 5, retentionHours",
            "30, 361, 0, 5, retentionHours",
            "30, 24, -1, 5, appConsistentFrequencyHours",
            "30, 24, 13, 5, appConsistentFrequencyHours",
            "30, 2, 3, 5, appConsistentFrequencyHours",
            "30, 24, 0, 0, crashConsistentFrequencyMinutes",
            "30, 24, 0, 61, crashConsistentFrequencyMinutes",
    })
    void eachBrokenRuleNamesItsField(int rpo, int retention, int app, int crash, String field) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new PolicySettings(rpo, retention, app, crash));
        assertEquals(field, refused.field());
        assertTrue(refused.getMessage().startsWith(field), refused.getMessage());
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        assertDoesNotThrow(() -> new PolicySettings(1, 0, 0, 1));
        assertDoesNotThrow(() -> new PolicySettings(1440, 360, 12, 60));
        // retention 0 keeps only the newest point: no window for the frequencies to fit in
        assertDoesNotThrow(() -> new PolicySettings(30, 0, 12, 60));
        assertDoesNotThrow(() -> new PolicySettings(30, 1, 1, 60));
    }

    @Test
    void theDefaultsAreAsrs() {
        assertEquals(new PolicySettings(30, 24, 0, 5), PolicySettings.DEFAULTS);
    }

    @Test
    void theEntityKeepsAppConsistentMinutesForAgentsAndGivesHoursBack() {
        ReplicationPolicy policy = new ReplicationPolicy(new PolicyName("p"), new PolicySettings(15, 48, 4, 10));
        assertEquals(240, policy.getAppConsistentFrequencyMinutes());
        assertEquals(new PolicySettings(15, 48, 4, 10), policy.settings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dash", ".dot", "with space", "slash/inside", "ünïcode"})
    void badNamesAreRefused(String name) {
        assertEquals("name", assertThrows(InvalidRequestException.class, () -> new PolicyName(name)).field());
    }

    @Test
    void namesAreAtMost64Characters() {
        assertDoesNotThrow(() -> new PolicyName("a".repeat(64)));
        assertThrows(InvalidRequestException.class, () -> new PolicyName("a".repeat(65)));
        assertThrows(InvalidRequestException.class, () -> new PolicyName(null));
        assertTrue(new PolicyName("default").isDefault());
    }
}
