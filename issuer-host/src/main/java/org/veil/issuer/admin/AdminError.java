package org.veil.issuer.admin;

/** An admin API refusal: HTTP status and one line for {"error": ...}. */
public class AdminError extends RuntimeException {
    private final int status;

    public AdminError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
