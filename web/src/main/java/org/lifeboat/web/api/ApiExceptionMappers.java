package org.lifeboat.web.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.web.security.TooManyAttemptsException;

/** The vault's refusals as HTTP answers with a JSON reason: 400, 401, 404, 409, 429 and 503. */
public final class ApiExceptionMappers {

    private ApiExceptionMappers() {
    }

    private static Response answer(Response.Status status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }

    @Provider
    public static class InvalidRequest implements ExceptionMapper<InvalidRequestException> {
        @Override
        public Response toResponse(InvalidRequestException e) {
            return answer(Response.Status.BAD_REQUEST, new ApiError(e.getMessage(), e.field()));
        }
    }

    @Provider
    public static class RegistrationRefused implements ExceptionMapper<RegistrationRefusedException> {
        @Override
        public Response toResponse(RegistrationRefusedException e) {
            return answer(Response.Status.UNAUTHORIZED, ApiError.of(e.getMessage()));
        }
    }

    /** 429 (this address failed too often) or 503 (too many password checks at once), with Retry-After. */
    @Provider
    public static class TooManyAttempts implements ExceptionMapper<TooManyAttemptsException> {
        @Override
        public Response toResponse(TooManyAttemptsException e) {
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", e.retryAfterSeconds()).entity(ApiError.of(e.getMessage())).build();
        }
    }

    @Provider
    public static class NotFound implements ExceptionMapper<ItemNotFoundException> {
        @Override
        public Response toResponse(ItemNotFoundException e) {
            return answer(Response.Status.NOT_FOUND, ApiError.of(e.getMessage()));
        }
    }

    @Provider
    public static class Conflict implements ExceptionMapper<ConflictException> {
        @Override
        public Response toResponse(ConflictException e) {
            return answer(Response.Status.CONFLICT, ApiError.of(e.getMessage()));
        }
    }

    /**
     * A body JSON-B cannot read (malformed JSON, a string where a number belongs) or an empty one: 400
     * naming the property when JSON-B says which, instead of the container's 500 or HTML 400 page.
     */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<jakarta.ws.rs.ProcessingException> {
        private static final java.util.regex.Pattern PROPERTY =
                java.util.regex.Pattern.compile("deserialize property '([A-Za-z0-9_]+)'");

        @Override
        public Response toResponse(jakarta.ws.rs.ProcessingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                java.util.regex.Matcher property = PROPERTY.matcher(String.valueOf(cause.getMessage()));
                if (property.find()) {
                    return answer(Response.Status.BAD_REQUEST, new ApiError(property.group(1)
                            + " has the wrong type", property.group(1)));
                }
            }
            return answer(Response.Status.BAD_REQUEST, new ApiError("the body is not valid JSON for this request",
                    "body"));
        }
    }

    /** An empty body where one is required: Jersey's 400, as JSON naming the body. */
    @Provider
    public static class EmptyBody implements ExceptionMapper<jakarta.ws.rs.BadRequestException> {
        @Override
        public Response toResponse(jakarta.ws.rs.BadRequestException e) {
            boolean empty = e.getCause() instanceof jakarta.ws.rs.core.NoContentException;
            return answer(Response.Status.BAD_REQUEST, new ApiError(empty ? "a JSON body is required"
                    : String.valueOf(e.getMessage()), empty ? "body" : null));
        }
    }
}
