package dev.restitution.kit.deadletter;

import dev.restitution.kit.audit.Actor;
import java.time.Instant;

/** A replay of a parked record: when, by whom and why. */
public record DeadLetterReplay(Instant replayedAt, Actor actor, String reason) {
}
