package dev.restitution.payout.denylist;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DenylistTest {

    @Inject
    Denylist denylist;

    @Test
    void aListedAddressIsDeniedInAnySpellingButOnlyOnItsChain() {
        // Why: a checksum variant of a listed address must not slip through, and listing is per chain.
        String address = "0x" + "7e".repeat(20);
        execute("""
                insert into payout_denylist_entry (chain_id, address, reason, added_by, added_at)
                values (424242, '%s', 'attacker', 'ian', now())""".formatted(address));
        UUID incident = UUID.randomUUID();
        assertTrue(denylist.isDenied(424242, incident, address.toUpperCase().replace("0X", "0x")));
        assertFalse(denylist.isDenied(424243, incident, address));
        assertFalse(denylist.isDenied(424242, incident, "0x" + "7f".repeat(20)));
    }

    @Test
    void anEntryOfOneIncidentDeniesOnlyThatIncidentAndAnEntryOfEveryIncidentDeniesAll() {
        // Why: instructions, batches and the signer ask for their own incident; another incident's entry must not block them.
        String address = "0x" + "6d".repeat(20);
        UUID listedFor = UUID.randomUUID();
        execute("""
                insert into payout_denylist_entry (chain_id, address, incident_id, reason, added_by, added_at)
                values (424244, '%s', '%s', 'attacker', 'ian', now())""".formatted(address, listedFor));
        assertEquals(Set.of(address), denylist.deniedAmong(424244, listedFor, List.of(address)));
        assertEquals(Set.of(), denylist.deniedAmong(424244, UUID.randomUUID(), List.of(address)));
        assertTrue(denylist.isDenied(424244, listedFor, address));
        assertFalse(denylist.isDenied(424244, UUID.randomUUID(), address));
        execute("""
                insert into payout_denylist_entry (chain_id, address, reason, added_by, added_at)
                values (424244, '%s', 'sanctioned', 'ian', now())""".formatted(address));
        assertEquals(Set.of(address), denylist.deniedAmong(424244, UUID.randomUUID(), List.of(address)));
        assertTrue(denylist.isDenied(424244, UUID.randomUUID(), address));
    }
}
