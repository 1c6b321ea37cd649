package org.lifeboat.agent.groupbookmark;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.lifeboat.agent.api.AgentRevokedException;
import org.lifeboat.agent.api.GroupRoundOutcome;
import org.lifeboat.agent.api.GroupRoundRequest;
import org.lifeboat.agent.api.ServerApi;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.bookmark.BookmarkService;

/**
 * Waits on the server (a long-poll) for the replication-group rounds this machine takes part in, and runs
 * each: hold the writes, ready, bookmark on go, resume, done. One round at a time, on its own thread.
 */
public final class GroupRoundPoller implements Runnable {

    private static final Logger LOG = Logger.getLogger(GroupRoundPoller.class.getName());
    /** Below the agent's HTTP timeout (20 s), so the server answers first. */
    static final Duration POLL_WAIT = Duration.ofSeconds(15);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private final ServerApi api;
    private final BookmarkService bookmarks;
    private final Consumer<AgentRevokedException> revoked;
    private String lastFailure;

    public GroupRoundPoller(ServerApi api, BookmarkService bookmarks, Consumer<AgentRevokedException> revoked) {
        this.api = api;
        this.bookmarks = bookmarks;
        this.revoked = revoked;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Optional<GroupRoundRequest> round = api.nextGroupRound(POLL_WAIT);
                    lastFailure = null;
                    if (round.isPresent()) {
                        take(round.get());
                    }
                } catch (AgentRevokedException e) {
                    revoked.accept(e);
                    return;
                } catch (ServerApiException e) {
                    if (!e.getMessage().equals(lastFailure)) {
                        LOG.warning(() -> "Group rounds: " + e.getMessage());
                    }
                    lastFailure = e.getMessage();
                    Thread.sleep(RETRY_AFTER_FAILURE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void take(GroupRoundRequest round) throws InterruptedException, ServerApiException {
        LOG.info(() -> "Group round " + round.tag() + " of '" + round.group() + "' (" + round.consistency()
                + "): holding writes at most " + round.hold().toMillis() + " ms.");
        GroupRoundOutcome outcome = bookmarks.takeForGroup(round.tag(), round.consistency(), round.hold(), left -> {
            try {
                return api.groupReady(round.tag(), left);
            } catch (ServerApiException e) { // a revocation shows at the next poll
                return Optional.of("cannot reach the server: " + e.getMessage());
            }
        });
        if (!outcome.succeeded()) {
            LOG.warning(() -> "Group round " + round.tag() + ": " + outcome.reason());
        }
        api.groupDone(round.tag(), outcome);
    }
}
