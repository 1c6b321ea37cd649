package org.lifeboat.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HandshakeSlotsTest {

    private static final InetAddress ONE = address(10, 0, 0, 1);
    private static final InetAddress TWO = address(10, 0, 0, 2);
    private static final InetAddress THREE = address(10, 0, 0, 3);

    @Test
    void oneAddressGetsNoMoreThanItsShare() {
        HandshakeSlots slots = new HandshakeSlots(4, 2);

        assertNull(slots.take(ONE));
        assertNull(slots.take(ONE));
        String refusal = slots.take(ONE);

        assertTrue(refusal.contains("from 10.0.0.1 (limit 2 per address)"), refusal);
        assertNull(slots.take(TWO), "another address still gets in");
    }

    @Test
    void theTotalIsBoundedOverAllAddresses() {
        HandshakeSlots slots = new HandshakeSlots(3, 2);
        slots.take(ONE);
        slots.take(ONE);
        slots.take(TWO);

        String refusal = slots.take(THREE);

        assertTrue(refusal.contains("too many connections in their handshake (limit 3)"), refusal);
        assertEquals(3, slots.inUse());
    }

    @Test
    void aSlotGivenBackCanBeTakenAgainAndAStrayGiveChangesNothing() {
        HandshakeSlots slots = new HandshakeSlots(2, 1);
        slots.take(ONE);
        slots.give(ONE);
        slots.give(ONE);
        slots.give(TWO);

        assertEquals(0, slots.inUse());
        assertNull(slots.take(ONE));
        assertNull(slots.take(TWO));
    }

    private static InetAddress address(int... octets) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) octets[0], (byte) octets[1], (byte) octets[2],
                    (byte) octets[3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
