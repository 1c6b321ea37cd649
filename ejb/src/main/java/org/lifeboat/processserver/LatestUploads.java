package org.lifeboat.processserver;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;

/**
 * The owner's half of a Latest point of an item that an applier near Azure applies: it waits until every record its
 * journal acknowledged before the request is sealed ({@link LogApplier#SEALED_WITHIN}), notes per disk the last
 * sequence sealed by then, and waits until the uploader has put all of it in the {@code cache} container (with an
 * applier every sealed segment is uploaded at once). The applier then applies that far ({@link LatestTargets}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LatestUploads {

    private static final Duration POLL = Duration.ofMillis(500);

    @EJB
    private SegmentRepository catalog;

    @Inject
    private SealedSegmentHandOff handOff;

    /**
     * How far each disk of the item is in Azure with nothing missing, once all it received before this call is.
     *
     * @param stillAsked false once the asker gave up: the wait ends
     * @throws IllegalStateException when the uploads did not get there in time, naming the disks behind
     */
    public LatestTargets uploadedThrough(ProtectedItem item, Duration timeout, BooleanSupplier stillAsked)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Instant sealed = Instant.now().plus(LogApplier.SEALED_WITHIN);
        while (Instant.now().isBefore(sealed)) {
            Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, Duration.between(Instant.now(), sealed).toMillis())));
            requireAsked(stillAsked);
        }
        List<SealedSegment> waiting = handOff.waiting();
        Map<String, Long> targets = new HashMap<>();
        for (ProtectedDisk disk : item.getDisks()) {
            targets.put(disk.getId(), LatestTargets.target(catalog.durableInAzure(disk.getId()),
                    waiting.stream().filter(s -> s.diskId().equals(disk.getId())).toList()));
        }
        LatestTargets wanted = LatestTargets.of(targets);
        while (true) {
            Map<String, Long> durable = new HashMap<>();
            targets.keySet().forEach(disk -> durable.put(disk, catalog.durableInAzure(disk)));
            if (wanted.heldBy(durable)) {
                return wanted;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the process server did not upload what it holds of '" + item.getName()
                        + "' within " + timeout.toSeconds() + " s (uploaded through " + durable + ", needed through "
                        + wanted.asMap() + ")");
            }
            Thread.sleep(POLL.toMillis());
            requireAsked(stillAsked);
        }
    }

    private static void requireAsked(BooleanSupplier stillAsked) {
        if (!stillAsked.getAsBoolean()) {
            throw new IllegalStateException("the configuration server no longer asks for it");
        }
    }
}
