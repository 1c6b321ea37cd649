package org.lifeboat.connector;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Slots for connections that are not authenticated yet, over all and per source address. Fewer than
 * the port's connections, so that peers still in their handshake (or pretending to be) never take
 * the slots authenticated agents need, and one address cannot take them all.
 */
final class HandshakeSlots {

    private final int max;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int inUse;

    HandshakeSlots(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for a connection from {@code address}; null when taken, else why there is none. */
    synchronized String take(InetAddress address) {
        if (inUse >= max) {
            return "too many connections in their handshake (limit " + max + "); slots are kept for authenticated agents";
        }
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (fromAddress >= maxPerAddress) {
            return "too many connections in their handshake from " + address.getHostAddress() + " (limit "
                    + maxPerAddress + " per address)";
        }
        byAddress.put(address, fromAddress + 1);
        inUse++;
        return null;
    }

    /** Gives back a slot taken for {@code address}. */
    synchronized void give(InetAddress address) {
        Integer fromAddress = byAddress.get(address);
        if (fromAddress == null) {
            return;
        }
        if (fromAddress > 1) {
            byAddress.put(address, fromAddress - 1);
        } else {
            byAddress.remove(address);
        }
        inUse--;
    }

    synchronized int inUse() {
        return inUse;
    }
}
