package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SnapshotLeavesTest {

    @Test
    void aRowsSaltIsTheAesKeyStreamOfTheImportSecretAtTheRowsPlace() throws Exception {
        // Why: a claimant's proof is served long after the import; the salt must come out the same from the secret and the row number alone.
        byte[] secret = new byte[SnapshotLeaves.SECRET_BYTES];
        new Random(3).nextBytes(secret);
        Cipher blocks = Cipher.getInstance("AES/ECB/NoPadding");
        blocks.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"));
        SnapshotLeaves leaves = new SnapshotLeaves(secret);
        for (int rowNo : new int[] {0, 1, 255, 70_000, 9_999_999, Integer.MAX_VALUE - 1}) {
            byte[] counters = new byte[32];
            long block = 2L * rowNo;
            for (int index = 0; index < 8; index++) {
                counters[15 - index] = (byte) (block >>> (8 * index));
                counters[31 - index] = (byte) ((block + 1) >>> (8 * index));
            }
            byte[] salt = new byte[32];
            leaves.salt(rowNo, salt, 0);
            assertArrayEquals(blocks.doFinal(counters), salt, "row " + rowNo);
        }
    }

    @Test
    void saltsOfABatchEqualTheSaltsOfItsRowsOneByOneAndNoneRepeats() {
        // Why: imports take a batch's salts from one call and proofs take one row's; both must agree, and no two rows may share a salt.
        SnapshotLeaves leaves = new SnapshotLeaves(new byte[SnapshotLeaves.SECRET_BYTES]);
        int first = 12_345;
        int count = 1000;
        byte[] batch = new byte[count * SnapshotLeaves.SALT_BYTES + 7];
        leaves.salts(first, count, batch, 7);
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < count; index++) {
            byte[] single = new byte[SnapshotLeaves.SALT_BYTES];
            leaves.salt(first + index, single, 0);
            byte[] fromBatch = Arrays.copyOfRange(batch, 7 + index * SnapshotLeaves.SALT_BYTES,
                    7 + (index + 1) * SnapshotLeaves.SALT_BYTES);
            assertArrayEquals(single, fromBatch, "row " + (first + index));
            seen.add(HexFormat.of().formatHex(single));
        }
        assertEquals(count, seen.size());
    }

    @Test
    void anotherImportSecretGivesUnrelatedSalts() {
        // Why: the salt hides the account id only while the secret stays in the ledger; a different secret must not reproduce it.
        byte[] first = new byte[SnapshotLeaves.SALT_BYTES];
        byte[] second = new byte[SnapshotLeaves.SALT_BYTES];
        byte[] otherSecret = new byte[SnapshotLeaves.SECRET_BYTES];
        otherSecret[0] = 1;
        new SnapshotLeaves(new byte[SnapshotLeaves.SECRET_BYTES]).salt(42, first, 0);
        new SnapshotLeaves(otherSecret).salt(42, second, 0);
        assertFalse(Arrays.equals(first, second));
    }
}
