package dev.restitution.kit.deadletter;

import java.util.Optional;

/** A parked record and its replay, if it was replayed. */
public record DeadLetter(ParkedRecord record, Optional<DeadLetterReplay> replay) {
}
