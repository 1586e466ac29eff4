package dev.restitution.payout.chain.api;

import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.payout.engine.ChainReader;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** The chain's node did not answer a read a request needed: a 503 problem, asked again later; nothing was written. */
@Provider
public class ChainUnavailableMapper implements ExceptionMapper<ChainReader.ChainUnavailableException> {

    static final String RETRY_AFTER_SECONDS = "30";
    private static final Logger LOG = Logger.getLogger(ChainUnavailableMapper.class);

    @Override
    public Response toResponse(ChainReader.ChainUnavailableException exception) {
        LOG.warnf("chain unavailable: %s", exception.getMessage());
        return Response.fromResponse(ProblemDetails.of("chain-unavailable", "Chain unavailable", 503,
                        "The chain's node did not answer: " + exception.getMessage() + ". Ask again later.").toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
