package org.lifeboat.monitoring;

import java.util.HashSet;
import java.util.Set;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;

/**
 * Keeps one {@code lifeboat:type=ProtectedItem,name=<item>} MBean per protected item: each monitoring
 * tick registers the new items' beans and unregisters those of items that went.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ItemMBeans {

    @EJB
    private ItemStatusService statuses;

    private final Set<String> registered = new HashSet<>();

    public synchronized void reconcile(Set<String> items) {
        for (String item : Set.copyOf(registered)) {
            if (!items.contains(item)) {
                PlatformMBeans.unregister(ProtectedItemMonitor.objectName(item));
                registered.remove(item);
            }
        }
        for (String item : items) {
            if (registered.add(item)) {
                PlatformMBeans.register(ProtectedItemMonitor.objectName(item), new ProtectedItemMonitor(item, statuses));
            }
        }
    }

    @PreDestroy
    synchronized void unregisterAll() {
        registered.forEach(item -> PlatformMBeans.unregister(ProtectedItemMonitor.objectName(item)));
        registered.clear();
    }
}
