package org.lifeboat.pushinstall;

import java.net.URI;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.ServerIdentity;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobRunner;
import org.lifeboat.protectableitem.ProtectableItem;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.shared.Settings;

/**
 * Starts the push installation of the agent onto a protectable item (ASR's "push installation of the mobility
 * service"). Everything that can be refused is refused before anything is stored: no such item, an agent already
 * registered for it, a bad request.
 */
@Stateless
@jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED) // the row is committed before its job reads it
public class PushInstaller {

    public static final String JOB_KIND = "InstallAgent";

    @EJB
    private ProtectableItems items;

    @EJB
    private AgentInstallRepository installs;

    @EJB
    private AgentRegistration registration;

    @EJB
    private JobRunner runner;

    @EJB
    private EventRepository events;

    @Inject
    private ServerIdentity server;

    @Inject
    private LifeboatHome home;

    /**
     * @param apiBase the API's URL as this request reached it; its port and path make the URL the agent
     *                registers with, on the server's public host name (unless {@code lifeboat.push.server-url})
     * @throws ItemNotFoundException if there is no such protectable item
     * @throws ConflictException     if the item has a registered agent already
     */
    public Job start(String protectableItemId, InstallRequest request, URI apiBase) {
        ProtectableItem item = item(protectableItemId);
        InstallRequest.Valid valid = checked(item, request);
        AgentInstall install = installs.create(protectableItemId, valid);
        String serverUrl = Settings.text(PushInstallSettings.SERVER_URL).orElseGet(() -> "https://"
                + server.publicHost() + ":" + apiBase.getPort() + apiBase.getPath().replaceAll("/+$", ""));
        Job job = runner.submit(JOB_KIND, protectableItemId, PushInstallJob.STEPS, new PushInstallJob(install.getId(),
                item.name(), PushInstallSettings.agentJar(home.root()), serverUrl, server.certificateFingerprint(),
                installs, registration::find));
        installs.jobStarted(install.getId(), job.getId().toString());
        events.record(Severity.INFO, "push install " + protectableItemId, "Installing the agent on '" + item.name()
                + "' over SSH as " + valid.target().user() + "@" + valid.target().address() + " (job " + job.getId() + ")");
        return job;
    }

    /**
     * What {@link #start} would do with this request, checked by the same rules but nothing stored or started: what
     * the console's confirmation names before the operator says go.
     *
     * @throws ItemNotFoundException if there is no such protectable item
     * @throws ConflictException     if the item has a registered agent already
     */
    public InstallPlan check(String protectableItemId, InstallRequest request) {
        ProtectableItem item = item(protectableItemId);
        InstallRequest.Valid valid = checked(item, request);
        return new InstallPlan(item.name(), valid.target(), valid.pinned());
    }

    /** A checked installation, its secret left out: the machine, where and as whom, the host key to require. */
    public record InstallPlan(String machine, InstallTarget target, Optional<HostKeyFingerprint> pinned) {
    }

    private ProtectableItem item(String protectableItemId) {
        return items.all().stream().filter(i -> i.id().equals(protectableItemId)).findFirst()
                .orElseThrow(() -> new ItemNotFoundException("no protectable item '" + protectableItemId + "'"));
    }

    /** The request's rules, then the item's: everything refusable is refused before anything is stored. */
    private static InstallRequest.Valid checked(ProtectableItem item, InstallRequest request) {
        if (request == null) {
            throw new org.lifeboat.shared.InvalidRequestException("body", "a JSON body with host, user, password or "
                    + "privateKey, and disks is required");
        }
        Optional<String> discoveredAddress = Optional.ofNullable(item.vm())
                .flatMap(vm -> vm.ipAddresses().stream().findFirst());
        InstallRequest.Valid valid = request.validate(discoveredAddress);
        if (item.agent() != null) {
            throw new ConflictException("'" + item.name() + "' has a registered agent already (" + item.agent().agentId()
                    + "); revoke it first to install again");
        }
        return valid;
    }
}
