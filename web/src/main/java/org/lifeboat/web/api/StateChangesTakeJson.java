package org.lifeboat.web.api;

import java.util.Set;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every change (POST, PUT, PATCH, DELETE) takes a JSON body, or no body and no Content-Type at all. A
 * browser sends form encodings and text/plain cross-site without asking (no CORS preflight), so
 * refusing them (415) keeps another web page from driving a signed-in administrator's console session.
 */
@Provider
@PreMatching
@Priority(100)
public class StateChangesTakeJson implements ContainerRequestFilter {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!CHANGES.contains(request.getMethod())) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type == null ? request.hasEntity() : !json(type)) {
            request.abortWith(Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError((type == null ? "a body without a Content-Type"
                            : "Content-Type " + type.getType() + "/" + type.getSubtype())
                            + " is not accepted: " + request.getMethod()
                            + " takes a JSON body (Content-Type: application/json) or no body at all", "Content-Type"))
                    .build());
        }
    }

    private static boolean json(MediaType type) {
        return type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
    }
}
