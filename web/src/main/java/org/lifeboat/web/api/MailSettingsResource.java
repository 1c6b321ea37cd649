package org.lifeboat.web.api;

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
import org.lifeboat.mail.MailSettingsStore;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * {@code /api/v1/settings/mail}: the SMTP server alert e-mails go through. PUT configures it (201 the
 * first time, 200 after), GET shows it without the password (only whether one is set), DELETE turns
 * alert e-mails off.
 */
@Path("settings/mail")
@Produces(MediaType.APPLICATION_JSON)
public class MailSettingsResource {

    @EJB
    private MailSettingsStore settings;

    @GET
    public MailSettingsDto get() {
        return settings.current().map(s -> MailSettingsDto.of(s, settings.passwordSet()))
                .orElseThrow(() -> new ItemNotFoundException("no SMTP server is configured: alerts are not e-mailed"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(MailSettingsStore.Request request) {
        boolean existed = settings.save(request);
        return Response.status(existed ? Response.Status.OK : Response.Status.CREATED).entity(get()).build();
    }

    @DELETE
    public Response delete() {
        settings.delete();
        return Response.noContent().build();
    }

    public record MailSettingsDto(String host, int port, String security, String from, List<String> recipients,
                                  String username, boolean passwordSet) {
        static MailSettingsDto of(MailSettings s, boolean passwordSet) {
            return new MailSettingsDto(s.getHost(), s.getPort(), s.getSecurity().name(), s.getFromAddress(),
                    s.getRecipients(), s.getUsername(), passwordSet);
        }
    }
}
