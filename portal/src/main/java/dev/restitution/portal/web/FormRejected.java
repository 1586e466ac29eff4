package dev.restitution.portal.web;

/** A form the portal cannot even turn into a service call (an unknown choice); answered 400, nothing sent. */
public final class FormRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FormRejected(String message) {
        super(message);
    }
}
