package dev.restitution.portal.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The RPC URL a person names on the verifier page: an absolute http(s) URL, and the one origin the page may reach. */
final class RpcUrl {

    static final int MAX_LENGTH = 2000;

    private RpcUrl() {
    }

    /** Why the text cannot be the page's RPC URL, in words for the person; empty when it can. */
    static Optional<String> refusal(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.of("The RPC URL is longer than " + MAX_LENGTH + " characters.");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException malformed) {
            return Optional.of("The RPC URL is not a URL: " + malformed.getReason() + ".");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("The RPC URL must start with https:// (or http:// for a node on your own machine).");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("The RPC URL names no host.");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("The RPC URL must not hold a user name or password: browsers refuse to send them from a page.");
        }
        return Optional.empty();
    }

    /** scheme://host[:port] of an URL {@link #refusal} accepted, as a content security policy names it. */
    static String origin(String text) {
        URI url = URI.create(text);
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT)
                + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }
}
