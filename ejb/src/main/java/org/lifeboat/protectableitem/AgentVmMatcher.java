package org.lifeboat.protectableitem;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Matches registered agents to discovered VMs: by BIOS UUID first (the SMBIOS UUID the agent reads is
 * the VM's {@code config.uuid}; older VMs show its first three fields byte-swapped, so both forms
 * count), else by host name (the guest's, or the VM's name), compared ignoring case, in full first,
 * then without the domain part, the full name before the short one. A VM is matched to one agent at most.
 */
final class AgentVmMatcher {

    enum MatchedBy { PUSH_INSTALL, BIOS_UUID, HOSTNAME }

    record Vm(String id, String biosUuid, String name, String guestHostname) {
    }

    record Agent(String id, String biosUuid, String hostname) {
    }

    record Match(String vmId, MatchedBy by) {
    }

    private AgentVmMatcher() {
    }

    /** agent id -> its VM and how it was matched. */
    static Map<String, Match> match(List<Vm> vms, List<Agent> agents) {
        return match(vms, agents, Map.of());
    }

    /**
     * As {@link #match(List, List)}, an agent pushed onto a VM ({@code pushedOnto}: agent id -> VM id) matched to
     * that VM first: the installer knows where it put it.
     */
    static Map<String, Match> match(List<Vm> vms, List<Agent> agents, Map<String, String> pushedOnto) {
        Map<String, Match> matches = new HashMap<>();
        Map<String, String> vmTaken = new HashMap<>();
        for (Agent agent : agents) {
            String vmId = pushedOnto.get(agent.id());
            if (vmId != null && !vmTaken.containsKey(vmId) && vms.stream().anyMatch(vm -> vm.id().equals(vmId))) {
                matches.put(agent.id(), new Match(vmId, MatchedBy.PUSH_INSTALL));
                vmTaken.put(vmId, agent.id());
            }
        }
        for (Agent agent : agents) {
            if (matches.containsKey(agent.id())) {
                continue;
            }
            if (agent.biosUuid() == null) {
                continue;
            }
            for (Vm vm : vms) {
                if (!vmTaken.containsKey(vm.id()) && sameBiosUuid(agent.biosUuid(), vm.biosUuid())) {
                    matches.put(agent.id(), new Match(vm.id(), MatchedBy.BIOS_UUID));
                    vmTaken.put(vm.id(), agent.id());
                    break;
                }
            }
        }
        // the full host name first (it tells apart same-named machines in different domains), then without domain
        matchByHostname(vms, agents, matches, vmTaken, name -> name.strip().toLowerCase(Locale.ROOT));
        matchByHostname(vms, agents, matches, vmTaken, AgentVmMatcher::shortName);
        return matches;
    }

    private static void matchByHostname(List<Vm> vms, List<Agent> agents, Map<String, Match> matches,
                                        Map<String, String> vmTaken, java.util.function.UnaryOperator<String> form) {
        for (Agent agent : agents) {
            if (matches.containsKey(agent.id()) || agent.hostname() == null || agent.hostname().isBlank()) {
                continue;
            }
            String host = form.apply(agent.hostname());
            for (Vm vm : vms) {
                if (vmTaken.containsKey(vm.id())) {
                    continue;
                }
                boolean same = Optional.ofNullable(vm.guestHostname()).map(form).filter(host::equals).isPresent()
                        || form.apply(vm.name()).equals(host);
                if (same) {
                    matches.put(agent.id(), new Match(vm.id(), MatchedBy.HOSTNAME));
                    vmTaken.put(vm.id(), agent.id());
                    break;
                }
            }
        }
    }

    static boolean sameBiosUuid(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || x.equals(swapped(y));
    }

    /** The UUID with its first three fields in the other byte order (SMBIOS before 2.6). */
    static String swapped(String uuid) {
        if (uuid.length() != 36) {
            return uuid;
        }
        return reverseBytes(uuid.substring(0, 8)) + "-" + reverseBytes(uuid.substring(9, 13)) + "-"
                + reverseBytes(uuid.substring(14, 18)) + uuid.substring(18);
    }

    private static String reverseBytes(String hex) {
        StringBuilder out = new StringBuilder(hex.length());
        for (int i = hex.length() - 2; i >= 0; i -= 2) {
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    static String shortName(String hostname) {
        String lower = hostname.strip().toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        return dot > 0 && !Character.isDigit(lower.charAt(0)) ? lower.substring(0, dot) : lower;
    }
}
