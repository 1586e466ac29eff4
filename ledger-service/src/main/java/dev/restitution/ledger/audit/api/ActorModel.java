package dev.restitution.ledger.audit.api;

import dev.restitution.kit.audit.Actor;

/** The one actor shape of every API (subject id and user name), for every resource of this service. */
public final class ActorModel {

    private ActorModel() {
    }

    public static dev.restitution.contracts.ledger.model.Actor of(Actor actor) {
        return new dev.restitution.contracts.ledger.model.Actor().subjectId(actor.subjectId()).username(actor.username());
    }
}
