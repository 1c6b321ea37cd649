package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.vault.RecoveryKeyConfirmation;
import org.lifeboat.vault.RecoveryKeyConfirmationRepository;
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
    public record Vault(String catalog, int pendingItems, Instant lastWrittenAt, String lastFailure,
                        Instant recoveryKeyConfirmedAt, String recoveryKeyConfirmedBy) {
    }

    public record Recovered(List<String> items, int recoveryPoints) {
    }

    @EJB
    private VaultCatalog catalog;

    @EJB
    private VaultRecovery recovery;

    @EJB
    private RecoveryKeyConfirmationRepository keyConfirmation;

    @Context
    private SecurityContext security;

    @GET
    @Operation(summary = "The vault catalog's state")
    @APIResponse(responseCode = "200", description = "Whose catalog the storage account holds, what is still to write",
            content = @Content(schema = @Schema(implementation = Vault.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Vault vault() {
        VaultCatalog.Status status = catalog.status();
        Optional<RecoveryKeyConfirmation> confirmed = keyConfirmation.confirmation();
        return new Vault(status.ownership().name(), status.pendingItems(), status.lastWrittenAt(), status.lastFailure(),
                confirmed.map(RecoveryKeyConfirmation::getConfirmedAt).orElse(null),
                confirmed.map(RecoveryKeyConfirmation::getConfirmedBy).orElse(null));
    }

    @POST
    @Path("recoveryKeyConfirmation")
    @Operation(summary = "Confirm the vault recovery key is kept away from this site",
            description = "No body. The console's reminder to save the key ends; the first confirmation is kept "
                    + "(who and when), a repeated one changes nothing.")
    @APIResponse(responseCode = "200", description = "The vault's state, with recoveryKeyConfirmedAt",
            content = @Content(schema = @Schema(implementation = Vault.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Vault confirmRecoveryKey() {
        keyConfirmation.confirm(security.getUserPrincipal().getName());
        return vault();
    }

    @DELETE
    @Path("recoveryKeyConfirmation")
    @Operation(summary = "Withdraw the confirmation: the console reminds to save the recovery key again",
            description = "For a key replaced, or a copy lost. Without a confirmation it changes nothing.")
    @APIResponse(responseCode = "200", description = "The vault's state, recoveryKeyConfirmedAt null",
            content = @Content(schema = @Schema(implementation = Vault.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Vault withdrawRecoveryKeyConfirmation() {
        keyConfirmation.withdraw();
        return vault();
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
