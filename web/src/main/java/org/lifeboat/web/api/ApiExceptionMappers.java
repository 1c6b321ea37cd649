package org.lifeboat.web.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;

/** The vault's refusals as HTTP answers with a JSON reason: 400, 401, 404 and 409. */
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
}
