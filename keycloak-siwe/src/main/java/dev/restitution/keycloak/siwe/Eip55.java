package dev.restitution.keycloak.siwe;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** EVM addresses and their EIP-55 mixed-case checksum. */
public final class Eip55 {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Eip55() {
    }

    /** Whether the text is 0x and 40 hexadecimal digits, in any case. */
    public static boolean isAddress(String text) {
        return text != null && ADDRESS.matcher(text).matches();
    }

    /** The address with the EIP-55 checksum case; the input is an address in any case. */
    public static String checksummed(String address) {
        if (!isAddress(address)) {
            throw new IllegalArgumentException("not an address: 0x and 40 hexadecimal digits expected");
        }
        String lower = address.substring(2).toLowerCase(Locale.ROOT);
        String hash = HexFormat.of().formatHex(Keccak.hash256(lower.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            // EIP-55: a letter is upper case where the matching nibble of keccak256(lower-case hex) is 8 or more.
            out.append(Character.digit(hash.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** Whether the address is written exactly in its EIP-55 checksum case. */
    public static boolean isChecksummed(String address) {
        return isAddress(address) && checksummed(address).equals(address);
    }
}
