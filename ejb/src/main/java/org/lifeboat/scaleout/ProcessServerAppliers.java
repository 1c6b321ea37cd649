package org.lifeboat.scaleout;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.lifeboat.alert.AlertRules;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Tells a scale-out process server that an applier near Azure applies its items (ASR's log processing in Azure):
 * it then seals every segment to the {@code cache} container and never writes a seed blob itself, so only compressed,
 * encrypted segments cross the WAN. The process server and the applier both read the setting from the shared database
 * within seconds ({@code org.lifeboat.processserver.ApplierRoute}); the fence stays the owning process server's
 * assignment epoch.
 */
@Stateless
public class ProcessServerAppliers {

    @EJB
    private ScaleOutProcessServerRepository servers;

    @EJB
    private EventRepository events;

    /**
     * Names {@code applier} as the applier of {@code processServer}'s items, or, null, lets it apply them itself again.
     *
     * @throws ItemNotFoundException   no such process server (404)
     * @throws InvalidRequestException the built-in one, an applier as the process server, or an {@code applier} that is
     *                                 not a registered applier (400 naming the field); nothing changes then
     */
    public void applyThrough(String processServer, String applier) {
        if (ProtectedItem.BUILT_IN_PROCESS_SERVER.equals(processServer)) {
            throw new InvalidRequestException("processServer", "the built-in process server applies its items itself: "
                    + "an applier near Azure serves scale-out process servers (docs/scale-out.md)");
        }
        ScaleOutProcessServer ps = servers.findForUpdate(processServer)
                .orElseThrow(() -> new ItemNotFoundException("no process server '" + processServer + "'"));
        if (ps.isApplier()) {
            throw new InvalidRequestException("processServer", "'" + processServer + "' is an applier itself");
        }
        if (applier != null) {
            ScaleOutProcessServer named = servers.find(applier).orElseThrow(() -> new InvalidRequestException("applier",
                    "no applier '" + applier + "': start one with 'lifeboat process-server start --role applier'"));
            if (!named.isApplier()) {
                throw new InvalidRequestException("applier", "'" + applier + "' is a process server, not an applier "
                        + "(registered without --role applier)");
            }
        }
        String before = ps.getApplier().orElse(null);
        if (applier == null ? before == null : applier.equals(before)) {
            return;
        }
        ps.applyThrough(applier);
        events.recordAbout(Severity.INFO, "replication", AlertRules.processServerSubject(processServer), applier == null
                ? "Process server '" + processServer + "' applies its items itself again (was applier '" + before + "')"
                : "The items of process server '" + processServer + "' are applied near Azure by applier '" + applier
                + "'" + (before == null ? "" : " (was applier '" + before + "')"));
    }
}
