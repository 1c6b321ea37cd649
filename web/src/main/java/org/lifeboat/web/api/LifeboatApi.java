package org.lifeboat.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The REST API, versioned in its path so that clients written against v1 keep working. Payara serves
 * its OpenAPI document at {@code /openapi} on the HTTPS port.
 */
@ApplicationPath("api/v1")
@OpenAPIDefinition(info = @Info(title = "Lifeboat", version = "v1",
        description = "Disaster recovery for VMware machines into Azure, with Azure Site Recovery's nouns. "
                + "Refusals answer {\"error\": reason, \"field\": name}: 400 bad input (nothing changed), "
                + "401 without login, 404 unknown id, 409 conflict, 413 body too large, 415 a change whose body is "
                + "not JSON, 429 too many failed logins from the address (Retry-After), 503 too many password "
                + "checks at once (Retry-After).",
        license = @License(name = "Apache-2.0")))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = LifeboatApi.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "An administrator's user and password"),
        @SecurityScheme(securitySchemeName = LifeboatApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                bearerFormat = "<agentId>.<credential>",
                description = "A registered mobility agent's credential, acting as itself")})
public class LifeboatApi extends Application {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";
}
