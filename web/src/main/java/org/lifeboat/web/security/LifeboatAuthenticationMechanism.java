package org.lifeboat.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import jakarta.json.Json;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.lifeboat.event.Refusal;

/**
 * One login, two ways in: the REST API takes HTTP Basic credentials (administrators) or a bearer
 * token (mobility agents) on every request, answers 401 without them, and keeps no HTTP session for
 * them (a script or an agent has no use for one, and each would hold server memory for 30 minutes);
 * the console sends the browser to its login page, which authenticates through
 * {@code SecurityContext.authenticate}: only that login is remembered in the session. Password checks
 * go through {@link LoginLimiter}: 429 for an address that failed too often, 503 when too many run at once.
 */
@ApplicationScoped
public class LifeboatAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_PREFIX = "/api/";
    static final String LOGIN_PAGE = "/login.xhtml";
    /** Request attribute: the {@link TooManyAttemptsException} that refused a console login. */
    public static final String REFUSAL = LifeboatAuthenticationMechanism.class.getName() + ".refusal";
    private static final String REGISTER_SESSION = "jakarta.servlet.http.registerSession";
    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    @Inject
    private IdentityStoreHandler identityStores;

    @Inject
    private VerifiedCredentialCache verified;

    @Inject
    private LoginLimiter limiter;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() != null) {
            return consoleLogin(context.getAuthParameters().getCredential(), request, context);
        }
        Principal signedIn = request.getUserPrincipal();
        if (signedIn != null) { // a console session (what @AutoApplySession did, for the console only)
            try {
                context.getHandler().handle(new Callback[]{
                        new CallerPrincipalCallback(context.getClientSubject(), signedIn)});
            } catch (IOException | UnsupportedCallbackException e) {
                throw new AuthenticationException(e);
            }
            return AuthenticationStatus.SUCCESS;
        }
        boolean api = request.getServletPath().startsWith(API_PREFIX)
                || request.getRequestURI().startsWith(request.getContextPath() + API_PREFIX);
        if (api) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                AgentTokenCredential token = AgentTokenCredential.parse(authorization.substring(BEARER.length()).trim());
                if (token != null && validate(token, context) == AuthenticationStatus.SUCCESS) {
                    return AuthenticationStatus.SUCCESS;
                }
            } else if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                UsernamePasswordCredential credential = parseBasic(authorization.substring(BASIC.length()));
                if (credential != null) {
                    AuthenticationStatus status;
                    try {
                        status = validatePassword(credential, request.getRemoteAddr(), context);
                    } catch (TooManyAttemptsException e) {
                        return refuse(response, e);
                    }
                    if (status == AuthenticationStatus.SUCCESS || !context.isProtected()) {
                        return status;
                    }
                }
            }
            if (context.isProtected()) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Lifeboat\", charset=\"UTF-8\"");
                return context.responseUnauthorized();
            }
            return context.doNothing();
        }
        if (context.isProtected()) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        return context.doNothing();
    }

    /** The console's login form: the only login kept in the HTTP session. */
    private AuthenticationStatus consoleLogin(Credential credential, HttpServletRequest request,
                                              HttpMessageContext context) {
        AuthenticationStatus status;
        try {
            status = credential instanceof UsernamePasswordCredential password
                    ? validatePassword(password, request.getRemoteAddr(), context) : validate(credential, context);
        } catch (TooManyAttemptsException e) {
            request.setAttribute(REFUSAL, e);
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (status == AuthenticationStatus.SUCCESS) {
            context.getMessageInfo().getMap().put(REGISTER_SESSION, Boolean.TRUE.toString());
        }
        return status;
    }

    /**
     * An administrator's password: refused unchecked while the address is blocked, then taken from the
     * few minutes' cache of verified credentials, else checked with PBKDF2 in one of the bounded slots.
     */
    private AuthenticationStatus validatePassword(UsernamePasswordCredential credential, String address,
                                                  HttpMessageContext context) {
        limiter.requireAllowed(Refusal.ADMINISTRATOR_LOGIN, address);
        CredentialValidationResult remembered = verified.find(credential.getCaller(), credential.getPasswordAsString());
        if (remembered != null) {
            return context.notifyContainerAboutLogin(remembered);
        }
        CredentialValidationResult result = limiter.checkPassword(address, () -> identityStores.validate(credential));
        verified.remember(credential.getCaller(), credential.getPasswordAsString(), result);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        limiter.failed(Refusal.ADMINISTRATOR_LOGIN, address);
        return AuthenticationStatus.SEND_FAILURE;
    }

    private AuthenticationStatus validate(Credential credential, HttpMessageContext context) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** 429 or 503 with Retry-After and the API's JSON error, written before the container answers 401. */
    private static AuthenticationStatus refuse(HttpServletResponse response, TooManyAttemptsException e) {
        try {
            response.setStatus(e.status());
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Json.createObjectBuilder().add("error", e.getMessage()).build().toString());
            response.flushBuffer();
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
    private static UsernamePasswordCredential parseBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new UsernamePasswordCredential(decoded.substring(0, colon),
                    decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
