package org.lifeboat.agent.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.lifeboat.agent.api.AgentConfiguration;
import org.lifeboat.agent.api.AgentEvent;
import org.lifeboat.agent.api.AgentRevokedException;
import org.lifeboat.agent.api.Heartbeat;
import org.lifeboat.agent.api.ServerApi;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.api.ResyncRequest;
import org.lifeboat.agent.api.SeedChecksums;
import org.lifeboat.agent.disk.DiskId;

/** The server's REST API as the daemon sees it, in memory: hands out a configuration, records the rest. */
public final class RecordingServerApi implements ServerApi {

    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private volatile AgentConfiguration configuration;
    private volatile boolean revoked;

    public RecordingServerApi(AgentConfiguration configuration) {
        this.configuration = configuration;
    }

    public void configuration(AgentConfiguration configuration) {
        this.configuration = configuration;
    }

    public void revoke() {
        revoked = true;
    }

    public List<Heartbeat> heartbeats() {
        return List.copyOf(heartbeats);
    }

    public List<AgentEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public AgentConfiguration configuration() throws ServerApiException {
        requireAccepted();
        return configuration;
    }

    @Override
    public List<ResyncRequest> heartbeat(Heartbeat heartbeat) throws ServerApiException {
        requireAccepted();
        heartbeats.add(heartbeat);
        return List.of();
    }

    @Override
    public SeedChecksums checksums(DiskId diskId) throws ServerApiException {
        throw new ServerApiException("no checksums in this test server");
    }

    @Override
    public void event(AgentEvent event) throws ServerApiException {
        requireAccepted();
        events.add(event);
    }

    private void requireAccepted() throws AgentRevokedException {
        if (revoked) {
            throw new AgentRevokedException("no longer accepts this agent (HTTP 401: agent revoked)");
        }
    }
}
