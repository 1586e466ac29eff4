package dev.restitution.kit.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActorTest {

    @Test
    void aRenamedUserIsStillTheSamePerson() {
        // Why: maker-checker compares subject ids; a user renamed between proposing and approving is still the maker.
        assertTrue(new Actor("fiona-subject", "fiona").samePersonAs(new Actor("fiona-subject", "fiona.b")));
        assertFalse(new Actor("fiona-subject", "fiona").samePersonAs(new Actor("frank-subject", "fiona")));
    }

    @Test
    void whereASubjectWasNeverRecordedTheUserNameDecides() {
        // Why: a proposal recorded before subject ids were kept must still not be approved by the one who made it.
        Actor legacy = Actor.unrecordedSubject("sam");
        assertTrue(legacy.samePersonAs(new Actor("sam-subject", "sam")));
        assertTrue(new Actor("sam-subject", "sam").samePersonAs(legacy));
        assertFalse(legacy.samePersonAs(new Actor("lena-subject", "lena")));
    }
}
