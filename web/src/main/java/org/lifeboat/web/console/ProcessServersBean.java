package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.web.api.ProcessServerResource.ProcessServerDto;

/** The process servers page: what {@code GET /processServers} serves, read again on each of the page's polls. */
@Named("processServers")
@RequestScoped
public class ProcessServersBean {

    @EJB
    private ProcessServerStatusService processServers;

    public List<ProcessServerDto> getAll() {
        return List.of(ProcessServerDto.of(processServers.status()));
    }
}
