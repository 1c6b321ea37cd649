package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.PolicyName;
import org.lifeboat.policy.PolicySettings;
import org.lifeboat.policy.ReplicationPolicy;

/**
 * The replication policies page: the list, and a form that creates or replaces one. The rules are the API's: the
 * value objects refuse a bad value naming the field, and the message goes next to the input named after it.
 */
@Named("policies")
@ViewScoped
public class PoliciesBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: an input's client id is this, ':' and the API's field name. */
    private static final String FORM = "policy";

    @EJB
    private PolicyRepository catalog;

    @Inject
    private ConsoleMessages messages;

    private String name;
    private int rpoThresholdMinutes = PolicySettings.DEFAULTS.rpoThresholdMinutes();
    private int retentionHours = PolicySettings.DEFAULTS.retentionHours();
    private int appConsistentFrequencyHours = PolicySettings.DEFAULTS.appConsistentFrequencyHours();
    private int crashConsistentFrequencyMinutes = PolicySettings.DEFAULTS.crashConsistentFrequencyMinutes();

    public List<ReplicationPolicy> getAll() {
        return catalog.all();
    }

    public void save() {
        messages.attempt(FORM, () -> {
            PolicyName policyName = new PolicyName(name);
            PolicySettings settings = new PolicySettings(rpoThresholdMinutes, retentionHours,
                    appConsistentFrequencyHours, crashConsistentFrequencyMinutes);
            return catalog.save(policyName, settings);
        }).ifPresent(saved -> messages.info("Policy '" + name + "' " + (saved.created() ? "created" : "saved") + "."));
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getRpoThresholdMinutes() {
        return rpoThresholdMinutes;
    }

    public void setRpoThresholdMinutes(int rpoThresholdMinutes) {
        this.rpoThresholdMinutes = rpoThresholdMinutes;
    }

    public int getRetentionHours() {
        return retentionHours;
    }

    public void setRetentionHours(int retentionHours) {
        this.retentionHours = retentionHours;
    }

    public int getAppConsistentFrequencyHours() {
        return appConsistentFrequencyHours;
    }

    public void setAppConsistentFrequencyHours(int appConsistentFrequencyHours) {
        this.appConsistentFrequencyHours = appConsistentFrequencyHours;
    }

    public int getCrashConsistentFrequencyMinutes() {
        return crashConsistentFrequencyMinutes;
    }

    public void setCrashConsistentFrequencyMinutes(int crashConsistentFrequencyMinutes) {
        this.crashConsistentFrequencyMinutes = crashConsistentFrequencyMinutes;
    }
}
