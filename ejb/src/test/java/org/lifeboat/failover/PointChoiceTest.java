package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class PointChoiceTest {

    @Test
    void anIdOrATypeLatestProcessedByDefault() {
        assertEquals(new PointChoice("p1", null), PointChoice.of("p1", null));
        assertEquals(RecoveryPointType.LATEST, PointChoice.of(null, "Latest").type());
        assertEquals(RecoveryPointType.LATEST_PROCESSED, PointChoice.of("", null).type());
        assertEquals("recoveryPointType", assertThrows(InvalidRequestException.class,
                () -> PointChoice.of("p1", "Latest")).field());
        assertEquals("recoveryPointType", assertThrows(InvalidRequestException.class,
                () -> PointChoice.of(null, "latest")).field());
    }

    @Test
    void anItemNameBecomesAnAzureVmName() {
        assertEquals("web01-corp", Failovers.azureName("web01.corp"));
        assertEquals("db_1".length(), Failovers.azureName("db_1").length());
        assertEquals("lifeboat-vm", Failovers.azureName("___"));
    }
}
