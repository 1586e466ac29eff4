package dev.restitution.ledger.deadletter.api;

import dev.restitution.contracts.ledger.api.DeadLettersApi;
import dev.restitution.contracts.ledger.model.DeadLetterReplayRequest;
import dev.restitution.kit.deadletter.api.DeadLetterResponses;
import dev.restitution.ledger.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;

/**
 * The dead-letter API through the kit's one adapter ({@link DeadLetterResponses}): an event-operator lists, inspects
 * and replays what this service's consumers parked. Payloads may hold personal data, so no other role reads them.
 */
public class DeadLetterResource implements DeadLettersApi {

    private final DeadLetterResponses deadLetters;

    public DeadLetterResource(DeadLetterResponses deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    @RolesAllowed(Roles.EVENT_OPERATOR)
    public Response listDeadLetters(String channel, String after, Integer limit) {
        return deadLetters.list(channel, after, limit);
    }

    @Override
    @RolesAllowed(Roles.EVENT_OPERATOR)
    public Response getDeadLetter(String id) {
        return deadLetters.get(id);
    }

    @Override
    @RolesAllowed(Roles.EVENT_OPERATOR)
    public Response replayDeadLetter(String id, DeadLetterReplayRequest request) {
        return deadLetters.replay(id, request.getReason());
    }
}
