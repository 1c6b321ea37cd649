package org.lifeboat.processserver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;

/** The log segments in the {@code cache} container and the progress of each disk through them. */
@Stateless
public class SegmentRepository {

    /** Segments {@link #durableInAzure} follows at most: 1,000 rows, 16 GB of a disk's backlog at 16 MiB each. */
    static final int DURABLE_CHAIN_ROWS = 1000;

    @PersistenceContext
    private EntityManager em;

    /** Records an uploaded segment; uploading the same segment again (after a crash) records it once. */
    public void uploaded(String blobName, String diskId, long first, long last, long previous, Instant maxSourceTime,
                         long bytes) {
        if (em.find(CacheSegment.class, blobName) == null) {
            em.persist(new CacheSegment(blobName, diskId, first, last, previous, maxSourceTime, bytes, Instant.now(),
                    ProcessServerName.current()));
        }
        ProtectedDisk disk = em.find(ProtectedDisk.class, diskId);
        if (disk != null) {
            disk.durableInAzure(maxSourceTime);
        }
    }

    /**
     * The disks with uploaded segments still to apply whose items are assigned to one of {@code owners} (whoever
     * uploaded them): this process server, or the process servers an applier near Azure applies for.
     */
    public List<String> disksWithWork(List<String> owners) {
        String server = ProcessServerName.current();
        if (ProcessServerName.isBuiltIn(server)) {
            return em.createNamedQuery(CacheSegment.DISKS_WITH_WORK_BUILT_IN, String.class).setParameter("server", server)
                    .getResultList();
        }
        if (owners.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(CacheSegment.DISKS_WITH_WORK, String.class).setParameter("servers", owners)
                .getResultList();
    }

    /** The segment holding the record after {@code applied}, if it has been uploaded. */
    public Optional<CacheSegment> next(String diskId, long applied) {
        return em.createNamedQuery(CacheSegment.NEXT_FOR_DISK, CacheSegment.class).setParameter("disk", diskId)
                .setParameter("applied", applied).setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * Marks a segment applied: the disk's progress moves on and the segment's row goes, only while process server
     * {@code owner} (this one, or the one whose items this applier near Azure applies) holds the item's assignment
     * at {@code epoch}.
     *
     * @throws AssignmentLostException when it does not (nothing is recorded)
     */
    public void applied(CacheSegment segment, Instant sourceTime, String item, String owner, long epoch) {
        holdAssignment(item, owner, epoch);
        ProtectedDisk disk = em.find(ProtectedDisk.class, segment.getDiskId());
        if (disk != null) {
            disk.applied(segment.getLastSequence(), sourceTime);
        }
        CacheSegment managed = em.find(CacheSegment.class, segment.getBlobName());
        if (managed != null) {
            em.remove(managed);
        }
    }

    /**
     * Records a sealed segment the applier wrote straight into the seed blob, never uploaded: its data
     * is durable in Azure from now on.
     */
    public void appliedDirectly(String diskId, long lastSequence, Instant sourceTime, String item, String owner,
                                long epoch) {
        holdAssignment(item, owner, epoch);
        ProtectedDisk disk = em.find(ProtectedDisk.class, diskId);
        if (disk != null) {
            disk.applied(lastSequence, sourceTime);
            disk.durableInAzure(sourceTime);
        }
    }

    /**
     * The highest sequence of the disk durable in Azure Storage with nothing missing before it: what is
     * applied to its seed blob, then the uploaded segments that follow on from it in the journal's chain
     * (a segment sealed after one that is neither applied nor uploaded ends it). What a process server
     * that lost its journal still holds of the disk; 0 for a disk unknown here. It reads at most
     * {@value #DURABLE_CHAIN_ROWS} segments past the applied one (it runs for every segment uploaded):
     * with a longer backlog it says less than is durable, which only has an agent resend more, and it
     * never goes down, as the rows it skips are only ever applied or added after.
     */
    public long durableInAzure(String diskId) {
        ProtectedDisk disk = em.find(ProtectedDisk.class, diskId);
        if (disk == null) {
            return 0;
        }
        long durable = disk.getAppliedSequence();
        List<CacheSegment> uploaded = em.createNamedQuery(CacheSegment.NEXT_FOR_DISK, CacheSegment.class)
                .setParameter("disk", diskId).setParameter("applied", durable).setMaxResults(DURABLE_CHAIN_ROWS)
                .getResultList();
        return chainedThrough(durable, uploaded);
    }

    /** The last sequence reached from {@code applied} through segments in order, up to the first missing link. */
    static long chainedThrough(long applied, List<CacheSegment> segmentsInOrder) {
        long durable = applied;
        for (CacheSegment segment : segmentsInOrder) {
            if (SealedSegment.leavesGap(segment.getPreviousSequence(), durable)) {
                break;
            }
            durable = Math.max(durable, segment.getLastSequence());
        }
        return durable;
    }

    /**
     * The same fence in a transaction of its own: the applier confirms the item's owner still holds its assignment
     * at {@code epoch} after taking the lease on a disk's seed blob, before it writes under that lease.
     *
     * @throws AssignmentLostException when it does not
     */
    public void confirmAssignment(String item, String server, long epoch) {
        holdAssignment(item, server, epoch);
    }

    /**
     * The fence, in the transaction that records a segment applied: a conditional update of the item's row on the
     * owning server's name and the epoch its applier read. It locks the row, so a switch (epoch+1 on the same row)
     * either commits first, and this matches no row, or waits until this transaction has recorded the segment. An
     * applier near Azure names the owner it applies for, so switching and re-homing fence it out the same way.
     */
    void holdAssignment(String item, String server, long epoch) {
        int held = em.createQuery("UPDATE ProtectedItem i SET i.assignmentEpoch = :epoch WHERE i.name = :item "
                        + "AND COALESCE(i.processServer, 'builtin') = :server AND COALESCE(i.assignmentEpoch, 0) = :epoch")
                .setParameter("item", item).setParameter("server", server).setParameter("epoch", epoch)
                .executeUpdate();
        if (held != 1) {
            throw new AssignmentLostException(item, server, epoch);
        }
    }

    /**
     * Drops the rows of the disk's segments that hold nothing past {@code applied} (a previous owner's uploads, late
     * after a switch, whose records the agent sent the new owner again); returns their blobs.
     */
    public List<String> superseded(String diskId, long applied) {
        List<String> blobs = em.createQuery("SELECT s.blobName FROM CacheSegment s WHERE s.diskId = :disk "
                + "AND s.lastSequence <= :applied", String.class).setParameter("disk", diskId)
                .setParameter("applied", applied).getResultList();
        if (!blobs.isEmpty()) {
            em.createQuery("DELETE FROM CacheSegment s WHERE s.diskId = :disk AND s.lastSequence <= :applied")
                    .setParameter("disk", diskId).setParameter("applied", applied).executeUpdate();
        }
        return blobs;
    }

    /** Forgets the segments of a disk that no longer replicates (its item was disabled); returns their blobs. */
    public List<String> forget(String diskId) {
        List<String> blobs = em.createQuery("SELECT s.blobName FROM CacheSegment s WHERE s.diskId = :disk", String.class)
                .setParameter("disk", diskId).getResultList();
        em.createQuery("DELETE FROM CacheSegment s WHERE s.diskId = :disk").setParameter("disk", diskId)
                .executeUpdate();
        return blobs;
    }

    public Set<String> blobNames() {
        return Set.copyOf(em.createQuery("SELECT s.blobName FROM CacheSegment s", String.class).getResultList());
    }

    /** How many segments, and how many bytes, wait to be applied. */
    public long[] backlog() {
        Object[] row = (Object[]) em.createNamedQuery(CacheSegment.BACKLOG).getSingleResult();
        return new long[]{((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }
}
