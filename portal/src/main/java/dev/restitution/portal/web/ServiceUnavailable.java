package dev.restitution.portal.web;

/** A service did not answer in time or refused the connection. */
public final class ServiceUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;

    public ServiceUnavailable(String service, Throwable cause) {
        super(service + " did not answer: " + cause.getMessage(), cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
