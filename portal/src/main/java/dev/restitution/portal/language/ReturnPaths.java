package dev.restitution.portal.language;

import java.net.URI;

/** Where the language switcher lives and where it may send the browser back to. */
public final class ReturnPaths {

    /** The language switcher's address. */
    public static final String SWITCH_PATH = "/language";
    /** A return path longer than this is not followed (the start page instead). */
    static final int MAX_RETURN_PATH_LENGTH = 2000;

    private ReturnPaths() {
    }

    /** Only a path on this site: anything else (another site, {@code //host}, a backslash trick, too long) is the start page. */
    public static String safeReturnPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_RETURN_PATH_LENGTH || path.charAt(0) != '/'
                || path.startsWith("//") || path.contains("\\") || path.chars().anyMatch(character -> character < 0x21)
                || path.startsWith(SWITCH_PATH)) {
            return "/";
        }
        try {
            URI uri = URI.create(path);
            return uri.getScheme() == null && uri.getAuthority() == null ? path : "/";
        } catch (IllegalArgumentException malformed) {
            return "/";
        }
    }
}
