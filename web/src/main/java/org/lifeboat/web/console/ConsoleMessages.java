package org.lifeboat.web.console;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Runs a console action on a service and tells the operator how it went: the same refusals the API answers
 * with 400, 404 or 409 become an error message with the same text, and nothing is changed.
 */
@RequestScoped
public class ConsoleMessages {

    @Inject
    private FacesContext faces;

    /**
     * The action's result, or empty after an error message. With a form id, a refused field's message goes next
     * to the form's input whose id is the API's field name ({@code form:field}); else on the page.
     */
    public <T> Optional<T> attempt(String formId, Supplier<T> action) {
        return attemptBeside(field -> formId == null ? null : formId + ":" + field, action);
    }

    /**
     * As {@link #attempt(String, Supplier)}, for a form whose inputs are not named after the API's fields (a field
     * inside a list, {@code groups[1].items[0]}): {@code clientIdOf} gives the input's client id for a refused
     * field, or null to show the message on the page.
     */
    public <T> Optional<T> attemptBeside(Function<String, String> clientIdOf, Supplier<T> action) {
        try {
            return Optional.of(action.get());
        } catch (InvalidRequestException e) {
            error(e.field() == null ? null : clientIdOf.apply(e.field()), e.getMessage());
        } catch (ConflictException | ItemNotFoundException e) {
            error(null, e.getMessage());
        }
        return Optional.empty();
    }

    public void info(String text) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    private void error(String clientId, String text) {
        faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
        faces.validationFailed();
    }
}
