package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API answers when it refuses a request: the reason, and the field at fault if any. */
@Schema(description = "Why a request was refused")
public record ApiError(@Schema(description = "the reason") String error,
                       @Schema(description = "the request field at fault, for 400") String field) {

    static ApiError of(String error) {
        return new ApiError(error, null);
    }
}
