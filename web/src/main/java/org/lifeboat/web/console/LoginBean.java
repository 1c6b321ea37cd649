package org.lifeboat.web.console;

import java.io.IOException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import org.lifeboat.web.security.LifeboatAuthenticationMechanism;
import org.lifeboat.web.security.TooManyAttemptsException;

/** The console's login form: checks the administrator's credentials and opens the dashboard. */
@Named("login")
@RequestScoped
public class LoginBean {

    @Inject
    private SecurityContext securityContext;

    @Inject
    private FacesContext faces;

    @NotBlank(message = "Enter the user name")
    private String username;

    @NotBlank(message = "Enter the password")
    private String password;

    public void signIn() throws IOException {
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        AuthenticationStatus status = securityContext.authenticate(request, response,
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(username, password))
                        .newAuthentication(true));
        password = null;
        switch (status) {
            case SEND_CONTINUE -> faces.responseComplete();
            case SUCCESS -> {
                // a new session id: one planted in the browser before the login must not become signed in
                if (request.getSession(false) != null) {
                    request.changeSessionId();
                }
                external.redirect(external.getRequestContextPath() + "/index.xhtml");
            }
            default -> refused(request, response);
        }
    }

    private void refused(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(LifeboatAuthenticationMechanism.REFUSAL) instanceof TooManyAttemptsException e) {
            response.setStatus(e.status());
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    "Not checked: " + e.getMessage() + ".", null));
        } else {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Wrong user name or password.", null));
        }
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
