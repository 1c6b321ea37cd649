package org.lifeboat.protectableitem;

/**
 * The discovered VM an agent runs on.
 *
 * @param protectableItemId the VM's id among the protectable items
 * @param name              its name in vCenter
 * @param matchedBy         how the agent was matched to it: BIOS UUID or host name
 */
public record MatchedVm(String protectableItemId, String name, String matchedBy) {
}
