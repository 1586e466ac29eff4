package dev.restitution.keycloak.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Eip55Test {

    @ParameterizedTest
    @ValueSource(strings = {
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
    void theVectorsOfEip55AreCheckedAndRebuiltFromLowerCase(String vector) {
        // Why: the account id in every token is the checksummed address; it must match what every wallet shows.
        assertTrue(Eip55.isChecksummed(vector));
        assertEquals(vector, Eip55.checksummed(vector.toLowerCase(Locale.ROOT)));
        assertEquals(vector, Eip55.checksummed("0x" + vector.substring(2).toUpperCase(Locale.ROOT)));
    }

    @Test
    void anAddressInTheWrongCaseOrOfTheWrongShapeIsNotChecksummed() {
        // Why: a mistyped address carries a case that breaks its checksum; that is how EIP-55 catches typos.
        assertFalse(Eip55.isChecksummed("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assertFalse(Eip55.isChecksummed("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe"));
        assertFalse(Eip55.isChecksummed("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedaa"));
        assertThrows(IllegalArgumentException.class, () -> Eip55.checksummed("0xzz"));
    }
}
