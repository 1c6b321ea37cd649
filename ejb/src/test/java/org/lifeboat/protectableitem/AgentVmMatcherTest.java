package org.lifeboat.protectableitem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentVmMatcherTest {

    private static final String UUID = "4229c3f1-0a5b-8e1e-3e7a-0d7b2c9e5a11";

    @Test
    void biosUuidWinsOverHostname() {
        var vms = List.of(new AgentVmMatcher.Vm("vm-a", "00000000-0000-0000-0000-000000000001", "web01", "web01"),
                new AgentVmMatcher.Vm("vm-b", UUID.toUpperCase(), "db01", null));
        var agents = List.of(new AgentVmMatcher.Agent("agent-1", UUID, "web01"));

        assertEquals(Map.of("agent-1", new AgentVmMatcher.Match("vm-b", AgentVmMatcher.MatchedBy.BIOS_UUID)),
                AgentVmMatcher.match(vms, agents));
    }

    @Test
    void byteSwappedBiosUuidOfOlderVmsMatches() {
        assertEquals("f1c32942-5b0a-1e8e-3e7a-0d7b2c9e5a11", AgentVmMatcher.swapped(UUID));
        assertTrue(AgentVmMatcher.sameBiosUuid(UUID, "F1C32942-5B0A-1E8E-3E7A-0D7B2C9E5A11"));
    }

    @Test
    void hostnameWithoutDomainMatchesGuestHostnameOrVmName() {
        var vms = List.of(new AgentVmMatcher.Vm("vm-a", null, "Web01", null),
                new AgentVmMatcher.Vm("vm-b", null, "vm-b-name", "db01.corp.example"));
        var agents = List.of(new AgentVmMatcher.Agent("agent-1", null, "web01.corp.example"),
                new AgentVmMatcher.Agent("agent-2", "11111111-1111-1111-1111-111111111111", "DB01"),
                new AgentVmMatcher.Agent("agent-3", null, "elsewhere"));

        assertEquals(Map.of(
                "agent-1", new AgentVmMatcher.Match("vm-a", AgentVmMatcher.MatchedBy.HOSTNAME),
                "agent-2", new AgentVmMatcher.Match("vm-b", AgentVmMatcher.MatchedBy.HOSTNAME)),
                AgentVmMatcher.match(vms, agents));
    }

    @Test
    void theFullHostnameIsPreferredToTheShortOne() {
        var vms = List.of(new AgentVmMatcher.Vm("vm-a", null, "web01", "web01.one.example"),
                new AgentVmMatcher.Vm("vm-b", null, "web01", "web01.two.example"));
        var agents = List.of(new AgentVmMatcher.Agent("agent-1", null, "WEB01.two.example"));

        assertEquals(Map.of("agent-1", new AgentVmMatcher.Match("vm-b", AgentVmMatcher.MatchedBy.HOSTNAME)),
                AgentVmMatcher.match(vms, agents));
    }

    @Test
    void aVmIsMatchedToOneAgentOnly() {
        var vms = List.of(new AgentVmMatcher.Vm("vm-a", UUID, "web01", null));
        var agents = List.of(new AgentVmMatcher.Agent("agent-1", UUID, "web01"),
                new AgentVmMatcher.Agent("agent-2", null, "web01"));

        assertEquals(Map.of("agent-1", new AgentVmMatcher.Match("vm-a", AgentVmMatcher.MatchedBy.BIOS_UUID)),
                AgentVmMatcher.match(vms, agents));
    }

    @Test
    void ipAddressesAreNotShortened() {
        assertEquals("10.0.0.5", AgentVmMatcher.shortName("10.0.0.5"));
    }

    @Test
    void anAgentPushedOntoAVmMatchesItBeforeAnyUuidOrName() {
        List<AgentVmMatcher.Vm> vms = List.of(new AgentVmMatcher.Vm("vm-1", null, "web01", null),
                new AgentVmMatcher.Vm("vm-2", null, "db01", null));
        List<AgentVmMatcher.Agent> agents = List.of(new AgentVmMatcher.Agent("pushed", null, "container-7f3a"),
                new AgentVmMatcher.Agent("named", null, "db01"));

        assertEquals(Map.of("pushed", new AgentVmMatcher.Match("vm-1", AgentVmMatcher.MatchedBy.PUSH_INSTALL),
                        "named", new AgentVmMatcher.Match("vm-2", AgentVmMatcher.MatchedBy.HOSTNAME)),
                AgentVmMatcher.match(vms, agents, Map.of("pushed", "vm-1", "gone", "vm-2")));
    }
}
