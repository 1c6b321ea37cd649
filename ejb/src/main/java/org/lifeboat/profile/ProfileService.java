package org.lifeboat.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.lifeboat.protocol.sizing.ChurnLimits;

/** Sizes the fleet from the machines' latest churn profiles, against ASR-like limits ({@link ChurnLimits#ASR}). */
@Stateless
public class ProfileService {

    @EJB
    private ProfileRepository profiles;

    public FleetSizing summary() {
        Map<String, ChurnProfile> byMachine = new LinkedHashMap<>();
        for (MachineProfile profile : profiles.all()) {
            byMachine.put(profile.getMachine(), profile.profile());
        }
        return FleetSizing.of(byMachine, ChurnLimits.ASR);
    }
}
