package org.lifeboat.failover;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/**
 * At start, puts back the items whose failover job the previous run of the server left unfinished (the job
 * itself is marked failed by {@code UnfinishedJobs}): otherwise they would refuse every action for good.
 */
@Singleton
@Startup
public class UnfinishedFailovers {

    @EJB
    private FailoverRepository ledger;

    @PostConstruct
    void recover() {
        ledger.recoverInterrupted();
    }
}
