package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.json.bind.annotation.JsonbProperty;
import org.lifeboat.protectableitem.ProtectableItem;

/**
 * A protectable item as the API shows it: kind VirtualMachine (discovered, {@code vm} set, {@code agent}
 * set when an agent is matched to it) or PhysicalMachine (an agent no discovery knows).
 */
@Schema(description = "A discovered VM or a registered agent that can be protected")
public record ProtectableItemDto(String id, String kind, String name, ProtectableItem.VmDetails vm,
                                 ProtectableItem.AgentDetails agent, String matchedBy,
                                 @JsonbProperty("protected") boolean isProtected, String protectedItem) {

    static ProtectableItemDto of(ProtectableItem item) {
        return new ProtectableItemDto(item.id(), item.kind() == ProtectableItem.Kind.VIRTUAL_MACHINE ? "VirtualMachine"
                : "PhysicalMachine", item.name(), item.vm(), item.agent(), matchedBy(item.matchedBy()), item.isProtected(),
                item.protectedItem());
    }

    /** How an agent was matched to its VM, as the API spells it. */
    static String matchedBy(String match) {
        return match == null ? null : switch (match) {
            case "BIOS_UUID" -> "BiosUuid";
            case "PUSH_INSTALL" -> "PushInstall";
            default -> "Hostname";
        };
    }
}
