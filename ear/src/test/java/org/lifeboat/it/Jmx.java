package org.lifeboat.it;

import java.io.IOException;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Payara's JMX connector, as jconsole would use it: the server's admin user and password. */
final class Jmx {

    private Jmx() {
    }

    static Object attribute(String objectName, String attribute) {
        try (JMXConnector connector = connect()) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            return connection.getAttribute(new ObjectName(objectName), attribute);
        } catch (IOException | JMException e) {
            throw new IllegalStateException("JMX " + objectName + "." + attribute + ": " + e.getMessage(), e);
        }
    }

    static JMXConnector connect() throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:"
                + (LifeboatStack.PORT_BASE + 86) + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                new String[]{"admin", LifeboatStack.payaraAdminPassword()}));
    }
}
