package dev.restitution.kit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Eip55Test {

    // Test vectors from the EIP-55 specification.
    private static final String CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    @Test
    void checksummedAddressFromTheSpecificationIsAccepted() {
        // Why: the canonical vector must pass or every real address would be refused.
        assertTrue(Eip55.isChecksummed(CHECKSUMMED));
        assertTrue(Eip55.isChecksummed("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
    }

    @Test
    void oneCharacterWithWrongCaseIsRefusedWithTheExpectedForm() {
        // Why: a typo in case is exactly what the checksum exists to catch.
        String wrongCase = "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assertEquals("EIP-55 checksum does not match; expected " + CHECKSUMMED,
                Eip55.problemWith(wrongCase).orElseThrow());
    }

    @Test
    void lowercaseMalformedAndZeroAddressesAreRefused() {
        // Why: unchecksummed, short, non-hex and zero addresses must never receive funds.
        assertFalse(Eip55.isChecksummed(CHECKSUMMED.toLowerCase()));
        assertFalse(Eip55.isChecksummed("0x1234"));
        assertFalse(Eip55.isChecksummed("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00"));
        assertFalse(Eip55.isChecksummed("0x0000000000000000000000000000000000000000"));
        assertFalse(Eip55.isChecksummed(null));
    }
}
