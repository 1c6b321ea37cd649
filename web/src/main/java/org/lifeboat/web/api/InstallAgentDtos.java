package org.lifeboat.web.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lifeboat.pushinstall.AgentInstall;
import org.lifeboat.pushinstall.InstallRequest;
import org.lifeboat.shared.InvalidRequestException;

/** Push installation at the REST edge: the request (with its secret, never echoed) and the installation as shown. */
public final class InstallAgentDtos {

    private InstallAgentDtos() {
    }

    @Schema(description = "How to reach the machine over SSH, and which of its disks the agent registers")
    public record Request(
            @Schema(description = "Host name or address; default: the discovered VM's first IP address") String host,
            @Schema(description = "SSH port, default 22") Integer port,
            @Schema(description = "The SSH login; root installs system-wide, another user into its home") String user,
            @Schema(description = "The login's password (or privateKey); stored sealed, never returned") String password,
            @Schema(description = "A PEM private key (or password); stored sealed, never returned") String privateKey,
            @Schema(description = "The host key to pin, SHA256:... as ssh-keygen -lf prints it; default: pinned on first use")
            String hostKeyFingerprint,
            @Schema(description = "Disks on the machine to register (block devices or image files), 1 to 64")
            List<String> disks) {

        private static final Set<String> FIELDS = Set.of("host", "port", "user", "password", "privateKey",
                "hostKeyFingerprint", "disks");

        static InstallRequest parse(String body) {
            JsonObject json = JsonRequests.object(body);
            JsonRequests.onlyFields(json, FIELDS, "installAgent takes host, port, user, password or privateKey, "
                    + "hostKeyFingerprint and disks");
            return new InstallRequest(JsonRequests.optionalText(json, "host"), port(json), JsonRequests.optionalText(json, "user"), JsonRequests.optionalText(json, "password"),
                    JsonRequests.optionalText(json, "privateKey"), JsonRequests.optionalText(json, "hostKeyFingerprint"), disks(json));
        }

        @Override
        public String toString() {
            return "Request[credentials hidden]";
        }

        private static Integer port(JsonObject json) {
            JsonValue value = json.get("port");
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigDecimalValue().abs()
                    .compareTo(java.math.BigDecimal.valueOf(1_000_000)) > 0) {
                throw new InvalidRequestException("port", "port must be a whole number between 1 and 65535");
            }
            return number.intValue();
        }

        private static List<String> disks(JsonObject json) {
            JsonValue value = json.get("disks");
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (!(value instanceof JsonArray array)) {
                throw new InvalidRequestException("disks", "disks must be an array of paths");
            }
            List<String> disks = new ArrayList<>();
            for (JsonValue disk : array) {
                if (!(disk instanceof JsonString path)) {
                    throw new InvalidRequestException("disks", "disks must be an array of paths (strings)");
                }
                disks.add(path.getString());
            }
            return disks;
        }
    }

    @Schema(description = "The latest push installation onto a protectable item; credentials are never shown")
    public record Installation(String id, String protectableItemId, String host, int port, String user,
                               @Schema(description = "PASSWORD or PRIVATE_KEY") String credentialKind,
                               @Schema(description = "The pinned host key, SHA256:...") String hostKeyFingerprint,
                               @Schema(description = "Supplied (given with the request) or PinnedOnFirstUse")
                               String hostKeyTrust,
                               List<String> disks, String agentId, String jobId, Instant createdAt) {

        public static Installation of(AgentInstall install) {
            return new Installation(install.getId(), install.getProtectableItemId(), install.getHost(), install.getPort(),
                    install.getSshUser(), install.getCredentialKind().name(), install.getHostKeyFingerprint(),
                    install.getHostKeyFingerprint() == null ? null
                            : install.isHostKeySupplied() ? "Supplied" : "PinnedOnFirstUse",
                    install.getDisks(), install.getAgentId(), install.getJobId(), install.getCreatedAt());
        }
    }
}
