package dev.restitution.portal.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormTexts;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessagesTest {

    /**
     * The portal's bundles: the claimant's and public pages' {@code msg}, the claim page's {@code claimant}, the staff
     * pages' {@code staff} and {@code ops}.
     */
    private static final Map<Class<?>, String> BUNDLES = Map.of(Messages.class, "msg", ClaimantMessages.class, "claimant",
            StaffMessages.class, "staff", OperationsMessages.class, "ops");
    /** Every set of texts: the bundles, and the portal's form refusals ({@link FormProblem}, read without Qute). */
    private static final List<String> ALL = List.of("messages/msg", "messages/claimant", "messages/staff",
            "messages/ops", "form-texts/forms");
    private static final Map<PortalLanguage, String> SUFFIXES = Map.of(PortalLanguage.ENGLISH, "en",
            PortalLanguage.SIMPLIFIED_CHINESE, "zh_CN", PortalLanguage.SPANISH, "es");
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    @Test
    void everyMessageOfTheBundleHasItsEnglishText() {
        // Why: a method of the bundle without an English text fails at run time on the page that uses it.
        BUNDLES.forEach((bundle, name) -> assertEquals(bundleKeys(bundle), texts("messages/" + name, PortalLanguage.ENGLISH)
                .keySet(), name));
    }

    @Test
    void everyFormProblemHasItsEnglishTextAndEveryTextAProblem() {
        // Why: a refusal without a text fails the page that refuses; a text without a problem is never shown.
        assertEquals(Arrays.stream(FormProblem.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                texts("form-texts/forms", PortalLanguage.ENGLISH).keySet());
        for (PortalLanguage language : PortalLanguage.values()) {
            assertEquals(FormTexts.resource(language), "form-texts/forms_" + SUFFIXES.get(language) + ".properties");
        }
    }

    @Test
    void noTextIsEmptyInAnyLanguage() {
        // Why: an empty translation shows a blank heading or button, which reads as a broken page in that language.
        ALL.forEach(name -> {
            for (PortalLanguage language : PortalLanguage.values()) {
                texts(name, language).forEach((key, text) -> assertFalse(text.isBlank(), name + " " + language + " " + key + " is empty"));
            }
        });
    }

    @Test
    void everyKeyExistsInEveryLanguageAndNoTranslationHasAnExtraKey() {
        // Why: a missing key shows English in the middle of a Chinese or Spanish page; an extra one is a typo nobody reads.
        ALL.forEach(MessagesTest::everyKeyExistsInEveryLanguage);
    }

    private static void everyKeyExistsInEveryLanguage(String name) {
        Set<String> english = texts(name, PortalLanguage.ENGLISH).keySet();
        for (PortalLanguage language : PortalLanguage.values()) {
            Set<String> translated = texts(name, language).keySet();
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(translated);
            Set<String> extra = new TreeSet<>(translated);
            extra.removeAll(english);
            assertTrue(missing.isEmpty(), name + " " + language + " lacks " + missing);
            assertTrue(extra.isEmpty(), name + " " + language + " has keys English does not: " + extra);
        }
    }

    @Test
    void everyTranslationUsesExactlyTheParametersOfItsEnglishText() {
        // Why: a translation that drops {amount} hides a figure; one that invents {amout} fails the build or shows nothing.
        ALL.forEach(name -> {
            Map<String, String> english = texts(name, PortalLanguage.ENGLISH);
            for (PortalLanguage language : PortalLanguage.values()) {
                texts(name, language).forEach((key, text) -> assertEquals(parameters(english.get(key)), parameters(text),
                        name + " " + language + " " + key + ": " + text));
            }
        });
    }

    @Test
    void translationsAreWrittenInTheirLanguageNotCopiedFromEnglish() {
        // Why: a text left in English in a translation is a mixed-language page; names and codes may stay the same.
        ALL.forEach(MessagesTest::translationsAreWrittenInTheirLanguage);
    }

    private static void translationsAreWrittenInTheirLanguage(String name) {
        Map<String, String> english = texts(name, PortalLanguage.ENGLISH);
        Map<String, String> chinese = texts(name, PortalLanguage.SIMPLIFIED_CHINESE);
        Map<String, String> spanish = texts(name, PortalLanguage.SPANISH);
        Set<String> sameEverywhere = Set.of("layoutFooter", "colCaip19", "colTotal", "verifyRpcUrl", "claimBytes",
                "claimAddressChain", "errorStatus", "ageHours", "bytes", "colHash");
        for (String key : english.keySet()) {
            boolean words = english.get(key).replaceAll("\\{[a-zA-Z0-9]+}|<[^>]+>|[^A-Za-z]", "").length() > 3;
            if (words && !key.startsWith("lineStatus_")) {
                assertTrue(CJK.matcher(chinese.get(key)).find(), "zh-CN " + key + " has no Chinese: " + chinese.get(key));
            }
            if (words && !sameEverywhere.contains(key)) {
                assertFalse(spanish.get(key).equals(english.get(key)), "es " + key + " is the English text");
            }
        }
    }

    private static Set<String> bundleKeys(Class<?> bundle) {
        Set<String> keys = new TreeSet<>();
        for (Method method : bundle.getDeclaredMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length == 1 && parameters[0].isEnum()) {
                // Qute's keys for enum constants: method_CONSTANT, or method_$CONSTANT for all of an enum whose constants hold _ or $.
                Object[] constants = parameters[0].getEnumConstants();
                String separator = Arrays.stream(constants).map(constant -> ((Enum<?>) constant).name())
                        .anyMatch(name -> name.contains("_") || name.contains("$")) ? "_$" : "_";
                Arrays.stream(constants).map(constant -> method.getName() + separator + ((Enum<?>) constant).name()).forEach(keys::add);
            } else {
                keys.add(method.getName());
            }
        }
        return keys;
    }

    private static Set<String> parameters(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PARAMETER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Map<String, String> texts(String bundle, PortalLanguage language) {
        Properties properties = new Properties();
        String file = bundle + "_" + SUFFIXES.get(language) + ".properties";
        try (InputStream stream = MessagesTest.class.getClassLoader().getResourceAsStream(file);
                Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(key -> key, properties::getProperty, (first, second) -> first, TreeMap::new));
    }
}
