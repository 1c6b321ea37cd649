package org.lifeboat.it;

import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Payara's JMX connector, as jconsole would use it: over TLS, trusting the server's certificate, with
 * the server's admin user and password.
 */
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

    static void setAttribute(String objectName, String attribute, Object value) {
        try (JMXConnector connector = connect()) {
            connector.getMBeanServerConnection().setAttribute(new ObjectName(objectName),
                    new javax.management.Attribute(attribute, value));
        } catch (IOException | JMException e) {
            throw new IllegalStateException("JMX " + objectName + "." + attribute + " := " + value + ": " + e.getMessage(), e);
        }
    }

    /** The server's used heap after two full garbage collections, in bytes. */
    static long heapAfterGc() throws IOException, JMException {
        try (JMXConnector connector = connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName memory = new ObjectName("java.lang:type=Memory");
            jmx.invoke(memory, "gc", null, null);
            jmx.invoke(memory, "gc", null, null);
            return MemoryUsage.from((CompositeData) jmx.getAttribute(memory, "HeapMemoryUsage")).getUsed();
        }
    }

    static JMXConnector connect() throws IOException {
        return connect(new String[]{"admin", LifeboatStack.payaraAdminPassword()});
    }

    static JMXConnector connect(String[] credentials) throws IOException {
        // the server's RMI stubs carry SslRMIClientSocketFactory, which uses the default SSL context
        SSLContext.setDefault(LifeboatStack.trustingServer());
        Map<String, Object> environment = new HashMap<>();
        environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        if (credentials != null) {
            environment.put(JMXConnector.CREDENTIALS, credentials);
        }
        return JMXConnectorFactory.connect(url(), environment);
    }

    static JMXServiceURL url() throws IOException {
        return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:" + (LifeboatStack.PORT_BASE + 86) + "/jmxrmi");
    }
}
