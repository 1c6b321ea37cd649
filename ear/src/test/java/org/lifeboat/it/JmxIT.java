package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.junit.jupiter.api.Test;

/** Lifeboat's MBeans through Payara's JMX connector, with the figures REST shows. */
class JmxIT {

    @Test
    void vaultMBeanMatchesTheApi() throws Exception {
        try (JMXConnector connector = Jmx.connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName vault = new ObjectName("lifeboat:type=Vault");

            assertEquals(Boolean.TRUE, jmx.getAttribute(vault, "Healthy"));
            assertArrayEquals(new String[0], (String[]) jmx.getAttribute(vault, "FailingParts"));
            assertTrue((Long) jmx.getAttribute(vault, "HeartbeatFirings") > 0);
            assertFalse(((String) jmx.getAttribute(vault, "HeartbeatTimerCreated")).isEmpty());

            long eventsOverJmx = (Long) jmx.getAttribute(vault, "EventCount");
            int eventsOverRest = JsonBodies.array(LifeboatStack.getAsAdmin("/events?max=1000").body()).size();
            assertEquals(eventsOverRest, eventsOverJmx);
        }
    }

    @Test
    void replicationPortMBeanShowsTheBoundPort() throws Exception {
        try (JMXConnector connector = Jmx.connect()) {
            ObjectName port = new ObjectName("lifeboat:type=ReplicationPort");
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertEquals(Boolean.TRUE, jmx.getAttribute(port, "Bound"));
            assertEquals(LifeboatStack.PORT_BASE + 1443, jmx.getAttribute(port, "Port"));
        }
    }

    @Test
    void jmxNeedsTheAdministrator() {
        assertRefused(new String[]{"admin", "wrong"});
        assertRefused(null);
    }

    /**
     * Payara answers a failed login with an exception its client cannot unmarshal: the refusal is what
     * counts, whichever exception carries it.
     */
    private static void assertRefused(String[] credentials) {
        Exception refusal = assertThrows(Exception.class, () -> Jmx.connect(credentials).close());
        assertTrue(refusal instanceof SecurityException || refusal instanceof java.rmi.UnmarshalException,
                refusal.toString());
    }

    @Test
    void jmxWithoutTlsIsRefused() throws Exception {
        Exception plain = assertThrows(java.io.IOException.class, () -> JMXConnectorFactory.connect(Jmx.url(),
                Map.of(JMXConnector.CREDENTIALS, new String[]{"admin", LifeboatStack.payaraAdminPassword()})).close());
        assertTrue(plain.toString().contains("non-JRMP"), plain.toString());
    }
}
