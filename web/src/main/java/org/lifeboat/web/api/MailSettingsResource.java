package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.mail.MailSettings;
import org.lifeboat.mail.MailSettingsRepository;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * {@code /api/v1/settings/mail}: the SMTP server alert e-mails go through. PUT configures it (201 the
 * first time, 200 after), GET shows it without the password (only whether one is set), DELETE turns
 * alert e-mails off.
 */
@Tag(name = "Mail settings", description = "The SMTP server alerts are e-mailed through")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("settings/mail")
@Produces(MediaType.APPLICATION_JSON)
public class MailSettingsResource {

    @EJB
    private MailSettingsRepository settings;

    @GET
    @Operation(summary = "Read the SMTP settings", description = "The password is never returned, only whether one is set.")
    @APIResponse(responseCode = "200", description = "The settings",
            content = @Content(schema = @Schema(implementation = MailSettingsDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No SMTP server is configured",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public MailSettingsDto get() {
        return settings.current().map(s -> MailSettingsDto.of(s, settings.passwordSet()))
                .orElseThrow(() -> new ItemNotFoundException("no SMTP server is configured: alerts are not e-mailed"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Configure the SMTP server for alert e-mails", description = "The password is kept in the secrets folder (0600), never returned or logged.")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = MailSettingsDto.class)))
    @APIResponse(responseCode = "201", description = "Configured",
            content = @Content(schema = @Schema(implementation = MailSettingsDto.class)))
    @APIResponse(responseCode = "400", description = "A field is invalid; nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Response put(MailSettingsRepository.Request request) {
        boolean existed = settings.save(request);
        return Response.status(existed ? Response.Status.OK : Response.Status.CREATED).entity(get()).build();
    }

    @DELETE
    @Operation(summary = "Stop e-mailing alerts")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Response delete() {
        settings.delete();
        return Response.noContent().build();
    }

    @Schema(description = "SMTP settings for alert e-mails; the password is never returned")

    public record MailSettingsDto(String host, int port, String security, String from, List<String> recipients,
                                  String username, boolean passwordSet) {
        static MailSettingsDto of(MailSettings s, boolean passwordSet) {
            return new MailSettingsDto(s.getHost(), s.getPort(), s.getSecurity().name(), s.getFromAddress(),
                    s.getRecipients(), s.getUsername(), passwordSet);
        }
    }
}
