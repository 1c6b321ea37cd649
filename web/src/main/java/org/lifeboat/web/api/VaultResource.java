package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.vault.VaultCatalog;
import org.lifeboat.vault.VaultRecovery;

/**
 * {@code /api/v1/vault}: the vault catalog kept in Azure Storage beside the data, and its recovery into a
 * new Lifeboat after the site was lost (docs/site-loss.md).
 */
@Path("vault")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vault", description = "The catalog in Azure Storage that survives the loss of the site")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class VaultResource {

    /**
     * {@code catalog}: {@code OWN} (kept up to date), {@code FOREIGN} (sealed with another recovery key:
     * nothing written until a recovery with that key) or {@code UNKNOWN} (storage not reached yet).
     */
    public record Vault(String catalog, int pendingItems, Instant lastWrittenAt, String lastFailure) {
    }

    public record Recovered(List<String> items, int recoveryPoints) {
    }

    @EJB
    private VaultCatalog catalog;

    @EJB
    private VaultRecovery recovery;

    @GET
    @Operation(summary = "The vault catalog's state")
    @APIResponse(responseCode = "200", description = "Whose catalog the storage account holds, what is still to write",
            content = @Content(schema = @Schema(implementation = Vault.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Vault vault() {
        VaultCatalog.Status status = catalog.status();
        return new Vault(status.ownership().name(), status.pendingItems(), status.lastWrittenAt(), status.lastFailure());
    }

    @POST
    @Path("recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rebuild this new Lifeboat's catalog from the vault catalog in storage",
            description = "Body {\"recoveryKey\": the key './lifeboat vault export-key' printed at the lost site}. "
                    + "Every item comes back with its disks, recovery points and policy, in state Recovered. "
                    + "The key is checked before anything is written.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "200", description = "Recovered",
            content = @Content(schema = @Schema(implementation = Recovered.class)))
    @APIResponse(responseCode = "400", description = "Not a recovery key, or not this vault's; nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "409", description = "This Lifeboat already protects items, or the storage account "
            + "holds no catalog; nothing changed", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Recovered recover(String body) {
        JsonObject request = JsonRequests.object(body);
        if (!(request.get("recoveryKey") instanceof JsonString key)) {
            throw new InvalidRequestException("recoveryKey", "recoveryKey is required: the text of the key file");
        }
        VaultRecovery.Recovered recovered = recovery.recover(key.getString());
        return new Recovered(recovered.items(), recovered.recoveryPoints());
    }
}
