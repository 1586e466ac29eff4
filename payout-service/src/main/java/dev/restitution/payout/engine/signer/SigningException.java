package dev.restitution.payout.engine.signer;

/** A transaction could not be signed: the signer is unreachable, refused, or answered something else. */
public class SigningException extends RuntimeException {

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
