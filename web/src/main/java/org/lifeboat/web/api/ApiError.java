package org.lifeboat.web.api;

/** What the API answers when it refuses a request: the reason, and the field at fault if any. */
public record ApiError(String error, String field) {

    static ApiError of(String error) {
        return new ApiError(error, null);
    }
}
