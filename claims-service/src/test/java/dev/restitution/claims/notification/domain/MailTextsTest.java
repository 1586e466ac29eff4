package dev.restitution.claims.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MailTextsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    @Test
    void everyKeyExistsInEveryLanguage() {
        // Why: a key missing in one language would fail that claimant's mail at send time, over and over.
        MailTexts texts = MailTexts.load();
        Set<String> english = texts.keys(Languages.ENGLISH);
        for (String language : Languages.SUPPORTED) {
            assertEquals(english, texts.keys(language), "the keys of " + language + " differ from English's");
        }
    }

    @Test
    void everyKindHasASubjectAndABodyInEveryLanguage() {
        // Why: the sender composes each kind from <prefix>.subject and <prefix>.body.
        MailTexts texts = MailTexts.load();
        for (String language : Languages.SUPPORTED) {
            for (NotificationKind kind : NotificationKind.values()) {
                assertTrue(texts.keys(language).contains(kind.messagePrefix() + ".subject"), kind + " subject in " + language);
                assertTrue(texts.keys(language).contains(kind.messagePrefix() + ".body"), kind + " body in " + language);
            }
        }
    }

    @Test
    void everyTranslationUsesTheSamePlaceholdersAsEnglish() {
        // Why: a translation that drops {1} would silently leave out the amount or the reason.
        MailTexts texts = MailTexts.load();
        for (String key : texts.keys(Languages.ENGLISH)) {
            Set<String> english = placeholders(MailTexts.bundle(Languages.ENGLISH).getProperty(key));
            for (String language : Languages.SUPPORTED) {
                assertEquals(english, placeholders(MailTexts.bundle(language).getProperty(key)), key + " in " + language);
            }
        }
    }

    @Test
    void textsAreFormattedInTheLanguageAsked() {
        // Why: a Chinese or Spanish claimant reads their own language, with the values filled in.
        MailTexts texts = MailTexts.load();
        assertEquals("Your claim c-1 was rejected. Reason: late", texts.text("en", "rejected.body", "c-1", "late"));
        assertEquals("您的索赔 c-1 被拒绝。原因：late", texts.text("zh-CN", "rejected.body", "c-1", "late"));
        assertEquals("Su reclamación c-1 fue rechazada. Motivo: late", texts.text("es", "rejected.body", "c-1", "late"));
        assertFalse(texts.text("es", "common.footer").isBlank());
    }

    private static Set<String> placeholders(String pattern) {
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        return matcher.results().map(result -> result.group(1)).collect(java.util.stream.Collectors.toSet());
    }
}
