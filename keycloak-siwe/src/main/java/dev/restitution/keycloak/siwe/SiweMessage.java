package dev.restitution.keycloak.siwe;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EIP-4361 (Sign-In with Ethereum) message, parsed strictly by the grammar of the EIP: every line in its place,
 * each field in its order, nothing after the last one, line feeds only.
 *
 * @param scheme the optional scheme before the domain, empty if absent
 * @param domain the RFC 3986 authority that asks for the signature
 * @param address the EIP-55 address signing in
 * @param statement the optional human-readable statement, empty if absent
 * @param uri the RFC 3986 URI the sign-in is for
 * @param chainId the EIP-155 chain id
 * @param nonce at least 8 letters and digits
 * @param issuedAt when the message was made
 * @param expirationTime when it stops being valid, empty if absent
 * @param notBefore when it starts being valid, empty if absent
 * @param requestId the optional request id, empty if absent
 * @param resources the optional resources, in order
 */
public record SiweMessage(
        Optional<String> scheme,
        String domain,
        String address,
        Optional<String> statement,
        String uri,
        long chainId,
        String nonce,
        Instant issuedAt,
        Optional<Instant> expirationTime,
        Optional<Instant> notBefore,
        Optional<String> requestId,
        List<String> resources) {

    /** More than any sign-in message needs; bounds the work of parsing an attacker's text. */
    public static final int MAX_BYTES = 4096;
    static final String VERSION = "1";
    private static final int MAX_NONCE_LENGTH = 64;
    private static final int MAX_CHAIN_ID_DIGITS = 15;
    private static final int MAX_RESOURCES = 16;

    private static final Pattern PREAMBLE = Pattern.compile(
            "(?:([A-Za-z][A-Za-z0-9+.-]*)://)?((?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?"
                    + " wants you to sign in with your Ethereum account:");
    /** reserved / unreserved / space, as EIP-4361's statement rule allows; no line feed. */
    private static final Pattern STATEMENT = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;= ]+");
    private static final Pattern CHAIN_ID = Pattern.compile("[1-9][0-9]{0," + (MAX_CHAIN_ID_DIGITS - 1) + "}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8," + MAX_NONCE_LENGTH + "}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})");
    /** *pchar of RFC 3986. */
    private static final Pattern REQUEST_ID = Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*");
    private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");

    public SiweMessage {
        resources = List.copyOf(resources);
    }

    /** Parses the text or says which line breaks the grammar. */
    public static SiweMessage parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedMessage("the message is empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new MalformedMessage("the message is longer than " + MAX_BYTES + " bytes");
        }
        if (text.indexOf('\r') >= 0) {
            throw new MalformedMessage("the message has a carriage return: lines end with a line feed only");
        }
        return new Reader(text.split("\n", -1)).message();
    }

    /** The text of this message, as the EIP lays it out. */
    public String text() {
        StringBuilder out = new StringBuilder();
        scheme.ifPresent(value -> out.append(value).append("://"));
        out.append(domain).append(" wants you to sign in with your Ethereum account:\n").append(address).append("\n\n");
        statement.ifPresent(value -> out.append(value).append('\n'));
        out.append('\n')
                .append("URI: ").append(uri).append('\n')
                .append("Version: ").append(VERSION).append('\n')
                .append("Chain ID: ").append(chainId).append('\n')
                .append("Nonce: ").append(nonce).append('\n')
                .append("Issued At: ").append(DateTimeFormatter.ISO_INSTANT.format(issuedAt));
        expirationTime.ifPresent(value -> out.append("\nExpiration Time: ").append(DateTimeFormatter.ISO_INSTANT.format(value)));
        notBefore.ifPresent(value -> out.append("\nNot Before: ").append(DateTimeFormatter.ISO_INSTANT.format(value)));
        requestId.ifPresent(value -> out.append("\nRequest ID: ").append(value));
        if (!resources.isEmpty()) {
            out.append("\nResources:");
            resources.forEach(resource -> out.append("\n- ").append(resource));
        }
        return out.toString();
    }

    /** The text breaks EIP-4361's grammar. */
    public static final class MalformedMessage extends RuntimeException {
        MalformedMessage(String reason) {
            super(reason);
        }
    }

    /** Walks the lines in the order the grammar fixes. */
    private static final class Reader {
        private final String[] lines;
        private int next;

        Reader(String[] lines) {
            this.lines = lines;
        }

        SiweMessage message() {
            Matcher preamble = PREAMBLE.matcher(line("the first line"));
            if (!preamble.matches()) {
                throw new MalformedMessage("the first line is not '<domain> wants you to sign in with your Ethereum account:'");
            }
            Optional<String> scheme = Optional.ofNullable(preamble.group(1));
            String domain = preamble.group(2) + (preamble.group(3) == null ? "" : preamble.group(3));
            String address = line("the address");
            if (!Eip55.isChecksummed(address)) {
                throw new MalformedMessage("the address is not an EIP-55 checksummed address");
            }
            empty("the line after the address");
            Optional<String> statement = Optional.empty();
            String candidate = line("the statement or an empty line");
            if (!candidate.isEmpty()) {
                if (!STATEMENT.matcher(candidate).matches()) {
                    throw new MalformedMessage("the statement has a character EIP-4361 does not allow");
                }
                statement = Optional.of(candidate);
                empty("the line after the statement");
            }
            String uri = uri(field("URI"), "URI");
            if (!VERSION.equals(field("Version"))) {
                throw new MalformedMessage("the version is not 1");
            }
            String chainId = field("Chain ID");
            if (!CHAIN_ID.matcher(chainId).matches()) {
                throw new MalformedMessage("the chain id is not a positive decimal number of at most " + MAX_CHAIN_ID_DIGITS + " digits");
            }
            String nonce = field("Nonce");
            if (!NONCE.matcher(nonce).matches()) {
                throw new MalformedMessage("the nonce is not 8 to " + MAX_NONCE_LENGTH + " letters and digits");
            }
            Instant issuedAt = dateTime(field("Issued At"), "Issued At");
            Optional<Instant> expirationTime = optionalField("Expiration Time").map(value -> dateTime(value, "Expiration Time"));
            Optional<Instant> notBefore = optionalField("Not Before").map(value -> dateTime(value, "Not Before"));
            Optional<String> requestId = optionalField("Request ID");
            if (requestId.isPresent() && !REQUEST_ID.matcher(requestId.get()).matches()) {
                throw new MalformedMessage("the request id has a character EIP-4361 does not allow");
            }
            List<String> resources = resources();
            if (next != lines.length) {
                throw new MalformedMessage("line " + (next + 1) + " is not a field EIP-4361 allows in its place");
            }
            return new SiweMessage(scheme, domain, address, statement, uri, Long.parseLong(chainId), nonce, issuedAt,
                    expirationTime, notBefore, requestId, resources);
        }

        private List<String> resources() {
            if (next >= lines.length || !"Resources:".equals(lines[next])) {
                return List.of();
            }
            next++;
            List<String> resources = new ArrayList<>();
            while (next < lines.length) {
                String resource = lines[next];
                if (!resource.startsWith("- ")) {
                    throw new MalformedMessage("line " + (next + 1) + " is not a resource ('- <uri>')");
                }
                if (resources.size() == MAX_RESOURCES) {
                    throw new MalformedMessage("the message lists more than " + MAX_RESOURCES + " resources");
                }
                resources.add(uri(resource.substring(2), "a resource"));
                next++;
            }
            return resources;
        }

        private String line(String what) {
            if (next >= lines.length) {
                throw new MalformedMessage("the message ends before " + what);
            }
            return lines[next++];
        }

        private void empty(String what) {
            if (!line(what).isEmpty()) {
                throw new MalformedMessage(what + " is not empty");
            }
        }

        private String field(String name) {
            String line = line("'" + name + ": '");
            String prefix = name + ": ";
            if (!line.startsWith(prefix)) {
                throw new MalformedMessage("line " + next + " is not '" + prefix + "...'");
            }
            return line.substring(prefix.length());
        }

        private Optional<String> optionalField(String name) {
            if (next < lines.length && lines[next].startsWith(name + ": ")) {
                return Optional.of(field(name));
            }
            return Optional.empty();
        }

        private static String uri(String value, String what) {
            if (!URI_CHARACTERS.matcher(value).matches()) {
                throw new MalformedMessage(what + " is not an RFC 3986 URI");
            }
            try {
                if (!new URI(value).isAbsolute()) {
                    throw new MalformedMessage(what + " is not an absolute URI");
                }
            } catch (URISyntaxException e) {
                throw new MalformedMessage(what + " is not an RFC 3986 URI");
            }
            return value;
        }

        private static Instant dateTime(String value, String what) {
            if (!DATE_TIME.matcher(value).matches()) {
                throw new MalformedMessage(what + " is not an RFC 3339 date-time");
            }
            try {
                return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedMessage(what + " is not a valid date-time");
            }
        }
    }
}
