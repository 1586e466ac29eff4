package dev.restitution.payout.batch.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.rail.PaymentMethod;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchHashTest {

    private static final IncidentId INCIDENT = new IncidentId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private static final EntitlementId FIRST = new EntitlementId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final EntitlementId SECOND = new EntitlementId(UUID.fromString("00000000-0000-0000-0000-00000000000b"));
    private static final String ALICE = "0x00000000000000000000000000000000000000A1";
    private static final String BOB = "0x00000000000000000000000000000000000000B0";

    private static String hash(List<BatchHash.Item> items) {
        return BatchHash.of(INCIDENT, 31337, "ETH", Optional.empty(), items);
    }

    private static final List<BatchHash.Item> ITEMS = List.of(
            new BatchHash.Item(FIRST, ALICE, BigInteger.valueOf(100), PaymentMethod.BATCH_CONTRACT),
            new BatchHash.Item(SECOND, BOB, BigInteger.valueOf(200), PaymentMethod.PLAIN_TRANSFER));

    @Test
    void theSameItemsAlwaysGiveTheSameHashAndAddressCaseDoesNotMatter() {
        // Why: an approver recomputing the hash from the shown items must get exactly the batch's hash.
        assertEquals(hash(ITEMS), hash(List.of(
                new BatchHash.Item(FIRST, ALICE.toLowerCase(), BigInteger.valueOf(100), PaymentMethod.BATCH_CONTRACT),
                ITEMS.get(1))));
        assertTrue(hash(ITEMS).matches("^0x[0-9a-f]{64}$"));
    }

    @Test
    void anyChangeOfAnItemTheOrderTheTokenOrTheChainChangesTheHash() {
        // Why: an approval must not carry over to items other than the ones approved.
        String original = hash(ITEMS);
        assertNotEquals(original, hash(List.of(ITEMS.get(1), ITEMS.get(0))));
        assertNotEquals(original, hash(List.of(ITEMS.get(0),
                new BatchHash.Item(SECOND, BOB, BigInteger.valueOf(201), PaymentMethod.PLAIN_TRANSFER))));
        assertNotEquals(original, hash(List.of(ITEMS.get(0),
                new BatchHash.Item(SECOND, ALICE, BigInteger.valueOf(200), PaymentMethod.PLAIN_TRANSFER))));
        assertNotEquals(original, hash(List.of(ITEMS.get(0),
                new BatchHash.Item(SECOND, BOB, BigInteger.valueOf(200), PaymentMethod.BATCH_CONTRACT))));
        assertNotEquals(original, hash(List.of(ITEMS.get(0))));
        assertNotEquals(original, BatchHash.of(INCIDENT, 1, "ETH", Optional.empty(), ITEMS));
        assertNotEquals(original, BatchHash.of(INCIDENT, 31337, "ETH", Optional.of(BOB), ITEMS));
        assertNotEquals(original, BatchHash.of(IncidentId.random(), 31337, "ETH", Optional.empty(), ITEMS));
    }
}
