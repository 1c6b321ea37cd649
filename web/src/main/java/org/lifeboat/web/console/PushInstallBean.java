package org.lifeboat.web.console;

import java.io.Serializable;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.job.JobId;
import org.lifeboat.job.JobRepository;
import org.lifeboat.protectableitem.ProtectableItem;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.pushinstall.AgentInstallRepository;
import org.lifeboat.pushinstall.CredentialKind;
import org.lifeboat.pushinstall.InstallRequest;
import org.lifeboat.pushinstall.InstallTarget;
import org.lifeboat.pushinstall.PushInstaller;
import org.lifeboat.web.api.InstallAgentDtos;
import org.lifeboat.web.api.JobDto;

/**
 * The push installation page: the agent pushed over SSH onto a discovered machine, through the same service as
 * {@code POST /protectableItems/{id}/installAgent} (its rules, its refusals beside the field they name), then the
 * job's steps read again on each poll and the host key it pinned. The password and private key are never rendered
 * back, and are dropped from the bean once handed to the service.
 */
@Named("pushInstall")
@ViewScoped
public class PushInstallBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: an input's client id is this, ':' and the API's field name. */
    private static final String FORM = "install";

    @EJB
    private ProtectableItems items;

    @EJB
    private PushInstaller installer;

    @EJB
    private AgentInstallRepository installs;

    @EJB
    private JobRepository jobs;

    @Inject
    private ConsoleMessages messages;

    @Inject
    private ExternalContext external;

    private String item;
    private String host;
    private Integer port = 22;
    private String user;
    private transient String password;
    private transient String privateKey;
    private String hostKeyFingerprint;
    private String disks;

    /** Set once the form passed the service's checks: the confirmation is open, saying what will happen. */
    private boolean confirming;
    private String confirmation;

    /** The item and job of the installation started from this page, followed by the poll; null before. */
    private String startedItem;
    private String jobId;
    private JobDto job;
    private InstallAgentDtos.Installation installation;

    /** Discovered machines without an agent: the ones an installation can start on. */
    public List<ProtectableItem> getInstallable() {
        return items.all().stream().filter(i -> i.vm() != null && i.agent() == null).toList();
    }

    public String label(ProtectableItem candidate) {
        List<String> addresses = candidate.vm().ipAddresses();
        return candidate.name() + " (" + candidate.vm().vcenter() + (addresses.isEmpty() ? ""
                : ", " + String.join(", ", addresses)) + ")";
    }

    /**
     * Install agent: the form checked by the service's rules (a refusal beside its field, nothing started), then the
     * confirmation saying exactly what will happen. The secret stays in this view's memory (never rendered) until the
     * operator confirms or says no.
     */
    public void review() {
        messages.attempt(FORM, () -> installer.check(item, request())).ifPresentOrElse(plan -> {
            confirmation = whatHappens(plan);
            confirming = true;
        }, this::forgetSecret);
    }

    /** The confirmation: where, as whom, how the host key is trusted, what is installed and started. */
    static String whatHappens(PushInstaller.InstallPlan plan) {
        InstallTarget target = plan.target();
        return "Lifeboat connects over SSH to " + target.host() + ", port " + target.port() + ", as " + target.user()
                + (target.credentialKind() == CredentialKind.PASSWORD ? " with the password given" : " with the "
                + "private key given") + ". "
                + plan.pinned().map(key -> "The machine must present the host key " + key + " (as supplied): any other "
                        + "key stops the installation before logging in. ")
                .orElse("No host key fingerprint is given: the key the machine presents now is trusted and pinned "
                        + "(trust on first use); check it on the job's first step. ")
                + "It checks the machine (Linux, Java 17 or later), copies the agent onto it, registers the agent "
                + "with this server (a one-time token, no passphrase on the machine), installs the systemd service "
                + "lifeboat-agent.service (system-wide as root, else the user's own), enables and starts it. The agent "
                + "registers " + String.join(", ", target.disks()) + " of " + plan.machine() + ".";
    }

    /** Yes on the confirmation: the installation starts, as {@code POST .../installAgent}. */
    public void install() {
        if (!confirming) {
            return; // only through the confirmation
        }
        confirming = false;
        InstallRequest request = request();
        forgetSecret();
        messages.attempt(FORM, () -> installer.start(item, request, apiBase())).ifPresent(started -> {
            startedItem = item;
            jobId = started.getId().toString();
            messages.info("Installing the agent on '" + item + "' (job " + jobId + "): follow its steps below.");
            refresh();
        });
    }

    /** No on the confirmation: nothing started, the secret forgotten (typed again for the next try). */
    public void cancel() {
        confirming = false;
        forgetSecret();
        messages.info("Nothing was installed on '" + item + "'.");
    }

    private InstallRequest request() {
        return new InstallRequest(text(host), port, text(user), text(password), text(privateKey),
                text(hostKeyFingerprint), disks == null || disks.isBlank() ? null
                : Arrays.stream(disks.split("\\R")).map(String::strip).filter(d -> !d.isEmpty()).toList());
    }

    private void forgetSecret() {
        password = null;
        privateKey = null;
    }

    public boolean isConfirming() {
        return confirming;
    }

    public String getConfirmation() {
        return confirmation;
    }

    /** Reads the job and the installation again: the page's poll. */
    public void refresh() {
        if (jobId == null) {
            return;
        }
        JobId.parse(jobId).ifPresent(id -> job = JobDto.of(jobs.find(id)));
        installation = installs.latestOf(startedItem).filter(i -> jobId.equals(i.getJobId()))
                .map(InstallAgentDtos.Installation::of).orElse(null);
    }

    public boolean isRunning() {
        return job != null && !job.state().equals("Succeeded") && !job.state().equals("Failed");
    }

    /** The API's URL as the operator's browser reaches this server: the agent registers with its port and path. */
    private URI apiBase() {
        return URI.create(external.getRequestScheme() + "://" + external.getRequestServerName() + ":"
                + external.getRequestServerPort() + external.getRequestContextPath() + "/api/v1/");
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getJobId() {
        return jobId;
    }

    public JobDto getJob() {
        return job;
    }

    public InstallAgentDtos.Installation getInstallation() {
        return installation;
    }

    public String getItem() {
        return item;
    }

    public void setItem(String item) {
        this.item = item;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    /** Always null: the password is never rendered back. */
    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Always null: the private key is never rendered back. */
    public String getPrivateKey() {
        return null;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    public String getHostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    public void setHostKeyFingerprint(String hostKeyFingerprint) {
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    public String getDisks() {
        return disks;
    }

    public void setDisks(String disks) {
        this.disks = disks;
    }
}
