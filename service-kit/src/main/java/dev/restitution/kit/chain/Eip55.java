package dev.restitution.kit.chain;

import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * EIP-55 mixed-case checksum addresses. Every address the platform accepts must be written in its
 * checksummed form, so a mistyped character is caught before any money is pointed at it.
 */
public final class Eip55 {

    private static final Pattern HEX_ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private Eip55() {
    }

    /** Why {@code address} is not acceptable, or empty when it is a checksummed, non-zero address. */
    public static Optional<String> problemWith(String address) {
        if (address == null || !HEX_ADDRESS.matcher(address).matches()) {
            return Optional.of("must be 0x followed by 40 hexadecimal digits");
        }
        if (ZERO_ADDRESS.equals(address)) {
            return Optional.of("must not be the zero address");
        }
        if (!Keys.toChecksumAddress(address).equals(address)) {
            return Optional.of("EIP-55 checksum does not match; expected " + Keys.toChecksumAddress(address));
        }
        return Optional.empty();
    }

    public static boolean isChecksummed(String address) {
        return problemWith(address).isEmpty();
    }
}
