package org.lifeboat.web.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.lifeboat.web.security.HttpsLimits;

/**
 * Caps request bodies before anything parses them: no API body is larger than a registration with 64
 * disks, so a larger one (declared, or found while reading a chunked one) is answered 413 and never
 * reaches JSON parsing. The memory a request may take is the limit, whatever the client sends.
 */
@Provider
@PreMatching
@Priority(200)
public class RequestBodyLimit implements ContainerRequestFilter {

    /** Read and discarded from a refused body, so the client gets to read its 413; beyond it the connection ends. */
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        int max = HttpsLimits.maxBodyBytes();
        InputStream in = request.getEntityStream();
        if (request.getLength() > max) {
            tooLarge(request, in, request.getLength() + " bytes", max);
            return;
        }
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            tooLarge(request, in, "more than " + max + " bytes", max);
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static void tooLarge(ContainerRequestContext request, InputStream in, String size, int max)
            throws IOException {
        byte[] scratch = new byte[8192];
        long drained = 0;
        for (int n; drained < DRAIN_BYTES && (n = in.read(scratch)) > 0; ) {
            drained += n;
        }
        request.abortWith(Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("the request body is " + size + "; at most " + max
                        + " bytes are accepted", "body")).build());
    }
}
