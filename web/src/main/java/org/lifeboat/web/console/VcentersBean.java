package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.discovery.VcenterCertificates;
import org.lifeboat.discovery.VcenterDiscovery;
import org.lifeboat.discovery.VcenterRepository;
import org.lifeboat.discovery.VcenterSpec;
import org.lifeboat.protectableitem.ProtectableItem;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.web.api.VcenterDtos;

/**
 * The vCenters page: every vCenter with its last discovery, discover now, remove, and add in two steps as the API
 * does it: fetch the certificate the vCenter presents ({@code POST .../vcenters/fetchCertificate}), show it, and
 * only once the operator confirms it, {@code PUT} the vCenter pinning exactly that fingerprint (then its discovery
 * starts). The password is never rendered back.
 */
@Named("vcenters")
@ViewScoped
public class VcentersBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: an input's client id is this, ':' and the API's field name. */
    private static final String FORM = "add";

    /** Discovered VMs named per vCenter; the count says how many there are, Install agent lists them all. */
    static final int VMS_SHOWN = 10;

    @EJB
    private VcenterRepository catalog;

    @EJB
    private VcenterDiscovery discovery;

    @EJB
    private ProtectableItems protectable;

    @EJB
    private VcenterCertificates certificates;

    @Inject
    private ConsoleMessages messages;

    private String fabric = "site1";
    private String name;
    private String host;
    private Integer port = VcenterSpec.DEFAULT_PORT;
    private String user;
    private String password;
    /** The certificate fetched for host:port, shown for the operator to confirm; null before or after a change. */
    private VcenterDtos.PresentedCertificateDto presented;

    /** The VMs each vCenter discovered, by "fabric/name", as {@code GET /protectableItems} lists them: read with the list. */
    private Map<String, List<String>> discoveredVms = Map.of();

    public List<VcenterDtos.VcenterDto> getAll() {
        discoveredVms = protectable.all().stream().filter(i -> i.vm() != null)
                .collect(Collectors.groupingBy(i -> i.vm().fabric() + "/" + i.vm().vcenter(),
                        Collectors.mapping(ProtectableItem::name, Collectors.collectingAndThen(Collectors.toList(),
                                names -> names.stream().sorted().toList()))));
        return catalog.all().stream().map(v -> VcenterDtos.VcenterDto.of(v, catalog.hosts(v), catalog.vmCount(v)))
                .toList();
    }

    /** Step 1: the certificate host:port presents, not trusted yet. */
    public void fetchCertificate() {
        presented = null;
        messages.attempt(FORM, () -> certificates.presented(host, port)).map(VcenterDtos.PresentedCertificateDto::of)
                .ifPresent(c -> presented = c);
    }

    /** Step 2, after the confirmation: add the vCenter pinning the certificate shown, and discover it. */
    public void add() {
        String secret = password;
        password = null;
        if (presented == null || !presented.host().equals(host) || presented.port() != portOrDefault()) {
            messages.attempt(FORM, () -> {
                throw new org.lifeboat.shared.InvalidRequestException("host", "fetch and check the certificate of "
                        + host + ":" + portOrDefault() + " first");
            });
            return;
        }
        String pinned = presented.sha256Fingerprint();
        messages.attempt(FORM, () -> catalog.put(fabric, name, new VcenterSpec(host, port, user, secret, null, pinned,
                false))).flatMap(saved -> messages.attempt(null, () -> discovery.discover(fabric, name)))
                .ifPresent(job -> {
                    messages.info("vCenter '" + name + "' added, its certificate SHA-256 " + pinned + " pinned; "
                            + "discovery started (job " + job.getId() + ").");
                    presented = null;
                    name = null;
                    host = null;
                    user = null;
                });
    }

    /** The first {@link #VMS_SHOWN} names of the VMs this vCenter discovered, sorted. */
    public List<String> vms(String inFabric, String vcenter) {
        List<String> names = discoveredVms.getOrDefault(inFabric + "/" + vcenter, List.of());
        return names.subList(0, Math.min(VMS_SHOWN, names.size()));
    }

    public void discover(String inFabric, String vcenter) {
        messages.attempt(null, () -> discovery.discover(inFabric, vcenter)).ifPresent(job -> messages.info(
                "Discovery of vCenter '" + vcenter + "' started (job " + job.getId() + ")."));
    }

    public void remove(String inFabric, String vcenter) {
        messages.attempt(null, () -> {
            catalog.remove(inFabric, vcenter);
            return vcenter;
        }).ifPresent(v -> messages.info("vCenter '" + v + "' and its discovered inventory removed."));
    }

    private int portOrDefault() {
        return port == null ? VcenterSpec.DEFAULT_PORT : port;
    }

    public VcenterDtos.PresentedCertificateDto getPresented() {
        return presented;
    }

    /** The fingerprint with ':' between bytes, as vSphere and browsers show it. */
    public String getPresentedColonFingerprint() {
        return presented == null ? null
                : presented.sha256Fingerprint().replaceAll("(..)(?!$)", "$1:").toUpperCase(java.util.Locale.ROOT);
    }

    public String getFabric() {
        return fabric;
    }

    public void setFabric(String fabric) {
        this.fabric = fabric;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    /** Always null: the password is never rendered back. */
    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
