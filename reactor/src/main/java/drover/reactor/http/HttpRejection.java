package drover.reactor.http;

import drover.common.http.HttpStatus;

/** A request that cannot be served: the connection gets the status's error response and is closed. */
final class HttpRejection extends Exception {
    private final HttpStatus status;

    HttpRejection(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static HttpRejection badRequest(String message) {
        return new HttpRejection(HttpStatus.BAD_REQUEST, message);
    }
}
