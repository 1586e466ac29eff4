package dev.restitution.portal.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguageChoiceTest {

    @Test
    void theBrowsersBestSupportedLanguageIsChosenByItsWeights() {
        // Why: a first visit without a choice should already be in the person's language when the portal speaks it.
        assertEquals(PortalLanguage.SIMPLIFIED_CHINESE, LanguageChoice.choose(null, "zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals(PortalLanguage.SPANISH, LanguageChoice.choose(null, "es-MX,es;q=0.9"));
        assertEquals(PortalLanguage.SPANISH, LanguageChoice.choose(null, "de-DE,de;q=0.9,es-419;q=0.8,en;q=0.7"));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, "en-GB,en;q=0.9,zh;q=0.5"));
        assertEquals(PortalLanguage.SPANISH, LanguageChoice.choose(null, "en;q=0.4,es;q=0.8"));
        assertEquals(PortalLanguage.SIMPLIFIED_CHINESE, LanguageChoice.choose(null, "zh-TW"));
    }

    @Test
    void withoutAnyLanguageTheBrowserAcceptsThePortalSpeaksEnglish() {
        // Why: an unknown, refused (q=0) or malformed header must never break a page; English is the default.
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, null));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, ""));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, "fr-FR,de;q=0.5"));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, "es;q=0,fr"));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, "not a ;;; header q=x"));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose(null, "es,".repeat(400)));
    }

    @Test
    void thePersonsChoiceInTheCookieWinsOverTheBrowser() {
        // Why: someone who picked Spanish on a Chinese-speaking browser must keep Spanish on every page.
        assertEquals(PortalLanguage.SPANISH, LanguageChoice.choose("es", "zh-CN,zh;q=0.9"));
        assertEquals(PortalLanguage.SIMPLIFIED_CHINESE, LanguageChoice.choose("zh-CN", "es"));
        assertEquals(PortalLanguage.ENGLISH, LanguageChoice.choose("en", "es"));
        assertEquals(PortalLanguage.SPANISH, LanguageChoice.choose("klingon", "es"), "an unknown cookie counts as none");
    }
}
