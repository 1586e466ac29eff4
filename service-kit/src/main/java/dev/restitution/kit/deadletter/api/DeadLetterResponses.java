package dev.restitution.kit.deadletter.api;

import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.deadletter.DeadLetter;
import dev.restitution.kit.deadletter.DeadLetterId;
import dev.restitution.kit.deadletter.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The REST adapter of every service's dead-letter API ({@code GET /dead-letters}, {@code GET /dead-letters/{id}},
 * {@code POST /dead-letters/{id}/replay}): each service's resource implements its generated interface, names the
 * role ({@code event-operator}) and answers with these. Parameters arrive validated against the document.
 */
@ApplicationScoped
public class DeadLetterResponses {

    private final DeadLetters deadLetters;
    private final JsonWebToken caller;

    public DeadLetterResponses(DeadLetters deadLetters, JsonWebToken caller) {
        this.deadLetters = deadLetters;
        this.caller = caller;
    }

    public Response list(String channel, String after, Integer limit) {
        List<DeadLetter> page = deadLetters.page(Optional.ofNullable(channel),
                Optional.ofNullable(after).map(cursor -> DeadLetterId.parse(cursor, "after")), limit);
        String next = page.size() == limit ? page.getLast().record().id().toString() : null;
        return Response.ok(new DeadLetterViews.PageView(page.stream().map(DeadLetterViews.SummaryView::of).toList(),
                limit, next)).build();
    }

    public Response get(String id) {
        return Response.ok(DeadLetterViews.DetailView.of(deadLetters.find(DeadLetterId.parse(id, "id")))).build();
    }

    public Response replay(String id, String reason) {
        return Response.ok(DeadLetterViews.DetailView.of(
                deadLetters.replay(DeadLetterId.parse(id, "id"), Callers.of(caller), reason))).build();
    }
}
