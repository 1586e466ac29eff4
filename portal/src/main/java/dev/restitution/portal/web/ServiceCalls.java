package dev.restitution.portal.web;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a call of a generated REST client and turns its failures into what the person should read: a
 * refusal with the service's problem body ({@link ServiceRefused}), or an unreachable service
 * ({@link ServiceUnavailable}). The three services have their own generated exception types.
 */
public final class ServiceCalls {

    /** The problem type (its last path segment, as {@link ServiceProblem} keeps it) of a refusal asking for a step-up. */
    private static final String STEP_UP_REQUIRED = "step-up-required";

    /** A call of a generated client: it may throw the client's ApiException. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    private ServiceCalls() {
    }

    public static <T> T ledger(Call<T> call) {
        return run("ledger-service", call);
    }

    public static <T> T claims(Call<T> call) {
        return run("claims-service", call);
    }

    public static <T> T payout(Call<T> call) {
        return run("payout-service", call);
    }

    /**
     * Runs a claims-service call that may need a step-up: true when it was done, false when the service answered
     * {@code step-up-required} (nothing was written; the person must sign in with a second factor and repeat it).
     */
    public static boolean claimsOrStepUp(Call<?> call) {
        try {
            claims(call);
            return true;
        } catch (ServiceRefused refused) {
            if (refused.problem().status() == 401 && STEP_UP_REQUIRED.equals(refused.problem().type())) {
                return false;
            }
            throw refused;
        }
    }

    /** What {@code call} answers, or empty when its service answers 404 (there is none, e.g. no claim yet). */
    public static <T> Optional<T> unlessNotFound(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ServiceRefused refused) {
            if (refused.problem().status() == 404) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    private static Response refusalIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.restitution.contracts.ledger.client.ApiException refused) {
                return refused.getResponse();
            }
            if (cause instanceof dev.restitution.contracts.claims.client.ApiException refused) {
                return refused.getResponse();
            }
            if (cause instanceof dev.restitution.contracts.payout.client.ApiException refused) {
                return refused.getResponse();
            }
        }
        return null;
    }

    private static <T> T run(String service, Call<T> call) {
        try {
            return call.run();
        } catch (dev.restitution.contracts.ledger.client.ApiException refused) {
            throw new ServiceRefused(ServiceProblem.of(service, refused.getResponse()));
        } catch (dev.restitution.contracts.claims.client.ApiException refused) {
            throw new ServiceRefused(ServiceProblem.of(service, refused.getResponse()));
        } catch (dev.restitution.contracts.payout.client.ApiException refused) {
            throw new ServiceRefused(ServiceProblem.of(service, refused.getResponse()));
        } catch (ProcessingException failure) {
            // The REST client hands a refusal over wrapped when the call runs through its reactive pipeline.
            Response refusal = refusalIn(failure);
            if (refusal != null) {
                throw new ServiceRefused(ServiceProblem.of(service, refusal));
            }
            throw new ServiceUnavailable(service, failure);
        } catch (RuntimeException failure) {
            throw failure;
        } catch (Exception unexpected) {
            throw new IllegalStateException(service + " call failed", unexpected);
        }
    }
}
