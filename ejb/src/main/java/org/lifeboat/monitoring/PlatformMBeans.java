package org.lifeboat.monitoring;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes Lifeboat's MBeans in the platform MBean server, which Payara's JMX connector serves. A
 * redeployment replaces the previous version's bean under the same name.
 */
public final class PlatformMBeans {

    private static final Logger LOG = Logger.getLogger(PlatformMBeans.class.getName());

    private PlatformMBeans() {
    }

    public static void register(String objectName, Object bean) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(objectName);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "MBean {0} not registered: {1}", new Object[]{objectName, e.getMessage()});
        }
    }

    public static void unregister(String objectName) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(objectName));
        } catch (JMException e) {
            LOG.log(Level.FINE, "MBean " + objectName + " already gone", e);
        }
    }
}
