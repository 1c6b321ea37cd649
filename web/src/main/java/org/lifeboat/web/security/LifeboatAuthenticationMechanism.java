package org.lifeboat.web.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One login, two ways in: the REST API takes HTTP Basic credentials (administrators) or a bearer
 * token (mobility agents) and answers 401 without them;
 * the console sends the browser to its login page, which authenticates through
 * {@code SecurityContext.authenticate}. Either way the session then remembers the administrator.
 */
@ApplicationScoped
@AutoApplySession
public class LifeboatAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_PREFIX = "/api/";
    static final String LOGIN_PAGE = "/login.xhtml";
    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    @Inject
    private IdentityStoreHandler identityStores;

    @Inject
    private VerifiedCredentialCache verified;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() != null) {
            return validate(context.getAuthParameters().getCredential(), context);
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
                    AuthenticationStatus status = validateBasic(credential, context);
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

    /** Basic credentials are checked with PBKDF2 once, then remembered for a few minutes. */
    private AuthenticationStatus validateBasic(UsernamePasswordCredential credential, HttpMessageContext context) {
        CredentialValidationResult remembered = verified.find(credential.getCaller(), credential.getPasswordAsString());
        if (remembered != null) {
            return context.notifyContainerAboutLogin(remembered);
        }
        CredentialValidationResult result = identityStores.validate(credential);
        verified.remember(credential.getCaller(), credential.getPasswordAsString(), result);
        return result.getStatus() == CredentialValidationResult.Status.VALID
                ? context.notifyContainerAboutLogin(result) : AuthenticationStatus.SEND_FAILURE;
    }

    private AuthenticationStatus validate(Credential credential, HttpMessageContext context) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
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
