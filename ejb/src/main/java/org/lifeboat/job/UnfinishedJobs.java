package org.lifeboat.job;

import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/** At start, ends the jobs the previous run of the server left queued or running: their work is gone. */
@Singleton
@Startup
public class UnfinishedJobs {

    private static final Logger LOG = Logger.getLogger(UnfinishedJobs.class.getName());

    @EJB
    private JobRepository jobs;

    @PostConstruct
    void failLeftovers() {
        int failed = jobs.failUnfinished("the server stopped before the job ended");
        if (failed > 0) {
            LOG.info(failed + " job(s) left unfinished by the previous run marked failed");
        }
    }
}
