package org.lifeboat.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.CachedHealth;

/** The console's home page: the state of every part of the server, as the last health checks found it. */
@Named("healthDashboard")
@RequestScoped
public class HealthDashboardBean {

    @EJB
    private CachedHealth health;

    @Inject
    private SecurityContext securityContext;

    private HealthReport report;

    @PostConstruct
    void check() {
        report = health.current();
    }

    public HealthReport getReport() {
        return report;
    }

    public String getAdministrator() {
        return securityContext.getCallerPrincipal() == null ? "" : securityContext.getCallerPrincipal().getName();
    }
}
