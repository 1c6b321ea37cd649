package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.lifeboat.scaleout.ProcessServers;
import org.lifeboat.web.api.ProcessServerResource.ProcessServerDto;

/** The process servers page: what {@code GET /processServers} serves, read again on each of the page's polls. */
@Named("processServers")
@RequestScoped
public class ProcessServersBean {

    @EJB
    private ProcessServers processServers;

    public List<ProcessServerDto> getAll() {
        return processServers.all().stream().map(ProcessServerDto::of).toList();
    }
}
