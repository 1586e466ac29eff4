package dev.restitution.payout.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class BatchItemsTest {

    private static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    @Test
    void anItemIsTheAddressInTheUpperTwentyBytesAndTheAmountInTheLowerTwelve() {
        // Why: the contract reads recipient = item >> 96 and amount = the low 96 bits; any other layout pays someone else.
        BigInteger word = BatchItems.word(ALICE, BigInteger.valueOf(0x0102));
        assertEquals("70997970c51812dc3a010c7d01b50e0d17dc79c8" + "000000000000000000000102",
                Numeric.toHexStringNoPrefixZeroPadded(word, 64));
        BigInteger largest = BatchItems.word(BOB, BatchItems.MAX_AMOUNT);
        assertEquals("3c44cdddb6a900fa2b585dd299e03d12fa4293bc" + "ffffffffffffffffffffffff",
                Numeric.toHexStringNoPrefixZeroPadded(largest, 64));
    }

    @Test
    void amountsOutsideOneToTwoPow96MinusOneAreRefused() {
        // Why: a larger amount would spill into the address bits; zero would be a payment of nothing.
        assertThrows(IllegalArgumentException.class, () -> BatchItems.word(ALICE, BatchItems.MAX_AMOUNT.add(BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class, () -> BatchItems.word(ALICE, BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BatchItems.word("0x1234", BigInteger.ONE));
    }

    @Test
    void itemsHashIsKeccakOfTheItemWordsInOrder() {
        // Why: BatchPaid carries keccak256(abi.encodePacked(items)); reconciliation compares the two byte for byte.
        String expected = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(
                "70997970c51812dc3a010c7d01b50e0d17dc79c8" + "000000000000000000000005"
                        + "3c44cdddb6a900fa2b585dd299e03d12fa4293bc" + "00000000000000000000002a")));

        assertEquals(expected, ItemsHash.of(List.of(ALICE, BOB), List.of(BigInteger.valueOf(5), BigInteger.valueOf(42))));
        assertNotEquals(expected, ItemsHash.of(List.of(BOB, ALICE), List.of(BigInteger.valueOf(42), BigInteger.valueOf(5))));
    }

    @Test
    void anOrderWithAnAmountNoItemCarriesStillHashesButNeverLikeAPackedBatch() {
        // Why: a plain transfer may pay more than 2^96 - 1, and must not hash like the truncated item a contract could emit.
        BigInteger tooLarge = BatchItems.MAX_AMOUNT.add(BigInteger.valueOf(6));
        String hash = ItemsHash.of(List.of(ALICE), List.of(tooLarge));
        String expected = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(
                "70997970c51812dc3a010c7d01b50e0d17dc79c8" + Numeric.toHexStringNoPrefixZeroPadded(tooLarge, 64) + "ff")));

        assertEquals(expected, hash);
        assertNotEquals(ItemsHash.of(List.of(ALICE), List.of(BigInteger.valueOf(5))), hash, "the amount's low 96 bits");
        assertThrows(IllegalArgumentException.class, () -> ItemsHash.of(List.of(ALICE), List.of(BigInteger.ZERO)));
    }
}
