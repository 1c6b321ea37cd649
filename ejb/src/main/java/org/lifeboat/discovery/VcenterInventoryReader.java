package org.lifeboat.discovery;

import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLException;
import com.vmware.vim25.GuestNicInfo;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.NoPermission;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceFileBackingInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.util.PropertyCollectorUtil;
import com.vmware.vim25.ws.CustomSSLTrustContextCreator;

/**
 * Reads a vCenter's inventory with yavijava: datacenters, hosts, and each VM's identity, state,
 * size and disks. Only the properties it needs are fetched (one PropertyCollector call per
 * datacenter), not whole objects. Pure Java SE: no container, so it can be tried on its own.
 */
final class VcenterInventoryReader {

    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int READ_TIMEOUT_MS = 120_000;

    private static final String[] VM_PROPERTIES = {"name", "config.uuid", "config.instanceUuid", "config.template",
        "config.guestFullName", "runtime.powerState", "runtime.host", "guest.hostName", "guest.ipAddress", "guest.net",
        "config.hardware.numCPU", "config.hardware.memoryMB", "config.hardware.device"};

    static {
        // yavijava logs through log4j 1.x, and its TRACE lines carry whole SOAP requests, the Login with
        // its password among them: keep that logger at WARN and silent whatever log4j configuration appears
        org.apache.log4j.Logger vmware = org.apache.log4j.Logger.getLogger("com.vmware");
        vmware.setLevel(org.apache.log4j.Level.WARN);
        vmware.setAdditivity(false);
        vmware.removeAllAppenders();
        vmware.addAppender(new org.apache.log4j.varia.NullAppender());
    }

    /** The inventory, and the fingerprint of the certificate the vCenter presented. */
    record Result(Inventory inventory, String fingerprint) {
    }

    /** Logs in and reads the inventory; every answer is parsed with DOCTYPEs (and so XXE) refused. */
    Result read(VcenterConnection connection) throws DiscoveryFailedException {
        try {
            return VcenterXml.parsingWithoutDoctypes(() -> readInventory(connection));
        } catch (DiscoveryFailedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DiscoveryFailedException("the vCenter at " + connection.host() + ":" + connection.port()
                    + " could not be read: " + e, e);
        }
    }

    private Result readInventory(VcenterConnection connection) throws DiscoveryFailedException {
        CertificateTrust trust = new CertificateTrust(connection.pinnedFingerprint(), connection.trustedCertificatePem());
        ServiceInstance si;
        try {
            si = connect(connection, trust);
        } catch (InvalidLogin e) {
            throw new DiscoveryFailedException("the vCenter refused the login of '" + connection.user()
                    + "': wrong user name or password", e);
        } catch (MalformedURLException e) {
            throw new DiscoveryFailedException("the vCenter address " + connection.url() + " is not valid", e);
        } catch (Exception e) {
            throw failure(connection, trust, e);
        }
        try {
            return new Result(inventory(si), trust.seenFingerprint());
        } catch (Exception e) {
            throw failure(connection, trust, e);
        } finally {
            try {
                si.getServerConnection().logout();
            } catch (RuntimeException e) {
                // the session expires on its own
            }
        }
    }

    /**
     * Logs in, trusting exactly this discovery's certificate rules. yavijava keeps the SSLContext it
     * makes for the first TrustManager it is given for the rest of the JVM's life, so every later
     * vCenter would be checked by the first one's rules; it is told to make a fresh one here, under a
     * lock so that two discoveries cannot swap contexts. Each connection takes its socket factory when
     * it is made, and a fresh context also means no TLS session resumed from another vCenter's check.
     */
    static ServiceInstance connect(VcenterConnection connection, CertificateTrust trust) throws Exception {
        synchronized (CustomSSLTrustContextCreator.class) {
            CustomSSLTrustContextCreator.setContextAlreadyCreated(false);
            return new ServiceInstance(new URL(connection.url()), connection.user(), connection.password(), trust,
                    CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        }
    }

    private static Inventory inventory(ServiceInstance si) throws Exception {
        List<String> datacenters = new ArrayList<>();
        List<Inventory.Host> hosts = new ArrayList<>();
        List<Inventory.Vm> vms = new ArrayList<>();
        ManagedEntity[] found = new InventoryNavigator(si.getRootFolder()).searchManagedEntities("Datacenter");
        for (ManagedEntity datacenter : found == null ? new ManagedEntity[0] : found) {
            String dcName = datacenter.getName();
            datacenters.add(dcName);
            Map<String, String> hostNames = new TreeMap<>();
            ManagedEntity[] dcHosts = new InventoryNavigator(datacenter).searchManagedEntities("HostSystem");
            for (ManagedEntity host : dcHosts == null ? new ManagedEntity[0] : dcHosts) {
                String moref = host.getMOR().getVal();
                hosts.add(new Inventory.Host(dcName, host.getName(), moref));
                hostNames.put(moref, host.getName());
            }
            ManagedEntity[] dcVms = new InventoryNavigator(datacenter).searchManagedEntities("VirtualMachine");
            if (dcVms == null || dcVms.length == 0) {
                continue;
            }
            Hashtable<?, ?>[] properties = PropertyCollectorUtil.retrieveProperties(dcVms, "VirtualMachine",
                    VM_PROPERTIES);
            for (int i = 0; i < dcVms.length; i++) {
                Map<?, ?> p = properties[i];
                if (Boolean.TRUE.equals(p.get("config.template"))) {
                    continue; // a template cannot run, so it cannot be protected
                }
                ManagedObjectReference host = (ManagedObjectReference) p.get("runtime.host");
                vms.add(new Inventory.Vm(dcName, host == null ? null : hostNames.getOrDefault(host.getVal(), host.getVal()),
                        (String) p.get("name"), dcVms[i].getMOR().getVal(), (String) p.get("config.uuid"),
                        (String) p.get("config.instanceUuid"), p.get("runtime.powerState") == null ? null
                        : p.get("runtime.powerState").toString(), (String) p.get("config.guestFullName"),
                        (String) p.get("guest.hostName"), ipAddresses(p), number(p.get("config.hardware.numCPU")),
                        number(p.get("config.hardware.memoryMB")), disks(p.get("config.hardware.device"))));
            }
        }
        return new Inventory(datacenters, hosts, vms);
    }

    private static List<String> ipAddresses(Map<?, ?> p) {
        Set<String> ips = new LinkedHashSet<>();
        if (p.get("guest.ipAddress") instanceof String ip && !ip.isBlank()) {
            ips.add(ip);
        }
        if (p.get("guest.net") instanceof GuestNicInfo[] nics) {
            for (GuestNicInfo nic : nics) {
                if (nic.getIpAddress() != null) {
                    for (String ip : nic.getIpAddress()) {
                        if (ip != null && !ip.isBlank()) {
                            ips.add(ip);
                        }
                    }
                }
            }
        }
        return List.copyOf(ips);
    }

    private static List<Inventory.Disk> disks(Object devices) {
        List<Inventory.Disk> disks = new ArrayList<>();
        if (devices instanceof VirtualDevice[] all) {
            for (VirtualDevice device : all) {
                if (device instanceof VirtualDisk disk) {
                    long capacity = disk.getCapacityInBytes() != null ? disk.getCapacityInBytes()
                            : disk.getCapacityInKB() * 1024L;
                    String file = disk.getBacking() instanceof VirtualDeviceFileBackingInfo backing
                            ? backing.getFileName() : null;
                    String label = disk.getDeviceInfo() == null ? "disk " + disk.getKey() : disk.getDeviceInfo().getLabel();
                    disks.add(new Inventory.Disk(label, capacity, file));
                }
            }
        }
        return disks;
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    /** The reason an operator can act on, from whatever yavijava threw. */
    private static DiscoveryFailedException failure(VcenterConnection connection, CertificateTrust trust, Exception e) {
        if (trust.refusal() != null) {
            return new DiscoveryFailedException("certificate refused: " + trust.refusal(), e);
        }
        String where = connection.host() + ":" + connection.port();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // without --add-opens java.base/java.lang, yavijava 6 cannot build the fault object on JDK 17
            // and leaves its XML in a RuntimeException's message instead
            if (cause instanceof InvalidLogin || (cause.getMessage() != null
                    && cause.getMessage().contains("Could not map the soap fault")
                    && cause.getMessage().contains("\"InvalidLogin\""))) {
                return new DiscoveryFailedException("the vCenter refused the login of '" + connection.user()
                        + "': wrong user name or password", e);
            }
            if (cause.getMessage() != null && cause.getMessage().contains("DOCTYPE is disallowed")) {
                return new DiscoveryFailedException("the vCenter's answer was refused: it declares a DOCTYPE, "
                        + "which a vCenter's SOAP never does (external XML entities could read the server's files)", e);
            }
            if (cause instanceof NoPermission) {
                return new DiscoveryFailedException("the user '" + connection.user()
                        + "' may not read the inventory (NoPermission)", e);
            }
            if (cause instanceof UnknownHostException) {
                return new DiscoveryFailedException("unreachable host: " + connection.host() + " is not a known host name", e);
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return new DiscoveryFailedException("unreachable host: cannot connect to " + where + " ("
                        + cause.getMessage() + ")", e);
            }
            if (cause instanceof SocketTimeoutException) {
                return new DiscoveryFailedException("unreachable host: " + where + " did not answer in time", e);
            }
            if (cause instanceof SSLException) {
                return new DiscoveryFailedException("TLS with " + where + " failed: " + cause.getMessage(), e);
            }
        }
        return new DiscoveryFailedException("the vCenter at " + where + " could not be read: " + e, e);
    }
}
