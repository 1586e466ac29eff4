package dev.restitution.portal.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReturnPathsTest {

    @Test
    void theSwitcherGoesBackOnlyToAPageOfThePortal() {
        // Why: a switch link anyone can craft must not become an open redirect to another site.
        assertEquals("/transparency/1?page=2", ReturnPaths.safeReturnPath("/transparency/1?page=2"));
        assertEquals("/", ReturnPaths.safeReturnPath("https://evil.example/"));
        assertEquals("/", ReturnPaths.safeReturnPath("//evil.example/"));
        assertEquals("/", ReturnPaths.safeReturnPath("/\\evil.example/"));
        assertEquals("/", ReturnPaths.safeReturnPath("/%0d%0aSet-Cookie: x".replace("%0d%0a", "\r\n")));
        assertEquals("/", ReturnPaths.safeReturnPath("/language?lang=es"));
        assertEquals("/", ReturnPaths.safeReturnPath(null));
        assertEquals("/", ReturnPaths.safeReturnPath("/" + "a".repeat(ReturnPaths.MAX_RETURN_PATH_LENGTH)));
    }
}
