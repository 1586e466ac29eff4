package dev.restitution.payout.denylist;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
        assertTrue(denylist.isDenied(424242, address.toUpperCase().replace("0X", "0x")));
        assertFalse(denylist.isDenied(424243, address));
        assertFalse(denylist.isDenied(424242, "0x" + "7f".repeat(20)));
    }
}
