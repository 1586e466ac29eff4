package dev.restitution.claims.notification;

import dev.restitution.claims.notification.domain.Amounts;
import dev.restitution.claims.notification.domain.Languages;
import dev.restitution.claims.notification.domain.MailTexts;
import dev.restitution.claims.notification.domain.NotificationKind;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a notification in the claimant's language: the subject and paragraphs from the message bundles, dates and
 * amounts formatted for the locale (amounts moved by the asset's decimals, exactly), the text and HTML bodies from the
 * Qute templates {@code notification/mail.txt} and {@code notification/mail.html}.
 */
@ApplicationScoped
public class MailComposer {

    /** A mail ready to send. */
    public record Composed(String subject, String text, String html) {
    }

    private final MailTexts texts = MailTexts.load();
    private final Template textBody;
    private final Template htmlBody;

    public MailComposer(@Location("notification/mail.txt") Template textBody, @Location("notification/mail.html") Template htmlBody) {
        this.textBody = textBody;
        this.htmlBody = htmlBody;
    }

    /**
     * @param unsubscribeUrl the signed link that stops non-essential mails; empty for essential kinds
     */
    public Composed compose(NotificationKind kind, Map<String, Object> parameters, String language, String portalUrl,
                            Optional<String> unsubscribeUrl) {
        Locale locale = Languages.locale(language);
        String prefix = kind.messagePrefix();
        String subject = texts.text(language, prefix + ".subject", subjectArguments(kind, parameters, locale));
        String bodyKey = kind == NotificationKind.CLAIMS_OPEN && !parameters.containsKey("claimsDeadline")
                ? "claims-open.body-open-ended" : prefix + ".body";
        String body = texts.text(language, bodyKey, bodyArguments(kind, parameters, locale));
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("lang", language);
        data.put("subject", subject);
        data.put("greeting", texts.text(language, "common.greeting"));
        data.put("paragraphs", List.of(body));
        data.put("portalUrl", portalUrl);
        data.put("signIn", texts.text(language, "common.sign-in", portalUrl));
        data.put("essential", texts.text(language, "common.essential"));
        data.put("footer", texts.text(language, "common.footer"));
        data.put("unsubscribe", unsubscribeUrl.map(url -> texts.text(language, "common.unsubscribe", url)).orElse(null));
        data.put("unsubscribeUrl", unsubscribeUrl.orElse(null));
        data.put("unsubscribeLabel", texts.text(language, "common.unsubscribe-label"));
        return new Composed(subject, textBody.data(data).render(), htmlBody.data(data).render());
    }

    private static Object[] subjectArguments(NotificationKind kind, Map<String, Object> parameters, Locale locale) {
        return switch (kind) {
            case CLAIMS_OPEN -> new Object[] {text(parameters, "incidentTitle")};
            case BAR_DATE_REMINDER -> new Object[] {date(parameters, "claimsDeadline", locale)};
            case QUESTION, CLAIM_APPROVED, CLAIM_REJECTED, PAYMENT_SENT, PAYOUT_ADDRESS_CHANGED, SECOND_FACTOR_RESET ->
                    new Object[0];
        };
    }

    private static Object[] bodyArguments(NotificationKind kind, Map<String, Object> parameters, Locale locale) {
        return switch (kind) {
            case CLAIMS_OPEN -> parameters.containsKey("claimsDeadline")
                    ? new Object[] {text(parameters, "incidentTitle"), date(parameters, "claimsDeadline", locale)}
                    : new Object[] {text(parameters, "incidentTitle")};
            case QUESTION -> new Object[] {text(parameters, "question"), text(parameters, "claimId")};
            case CLAIM_APPROVED -> new Object[] {text(parameters, "claimId"), amounts(parameters, locale)};
            case CLAIM_REJECTED -> new Object[] {text(parameters, "claimId"), text(parameters, "reason")};
            case PAYMENT_SENT -> new Object[] {amounts(parameters, locale), text(parameters, "chainId"),
                    text(parameters, "txHash")};
            case PAYOUT_ADDRESS_CHANGED -> new Object[] {text(parameters, "claimId"), text(parameters, "chainId"),
                    text(parameters, "previousAddress"), text(parameters, "address"), date(parameters, "effectiveAt", locale)};
            case BAR_DATE_REMINDER -> new Object[] {date(parameters, "claimsDeadline", locale), text(parameters, "incidentTitle")};
            case SECOND_FACTOR_RESET -> new Object[] {date(parameters, "coolDownEndsAt", locale)};
        };
    }

    /** "1,5 ETH, 200 USDT" in the locale: each line's amount by its asset's decimals. */
    private static String amounts(Map<String, Object> parameters, Locale locale) {
        Object lines = parameters.get("lines");
        if (!(lines instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("an approval notification names no lines: " + parameters);
        }
        return list.stream().map(line -> amount(castMap(line), locale)).collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("expected an object, got " + value);
        }
        return (Map<String, Object>) value;
    }

    private static String amount(Map<String, Object> line, Locale locale) {
        BigInteger minorUnits = new BigInteger(text(line, "amountMinorUnits"));
        int decimals = Integer.parseInt(text(line, "decimals"));
        return Amounts.format(minorUnits, decimals, locale) + " " + text(line, "asset");
    }

    private static String date(Map<String, Object> parameters, String key, Locale locale) {
        Object value = parameters.get(key);
        if (value == null) {
            throw new IllegalStateException("notification parameter " + key + " is missing: " + parameters);
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG).withLocale(locale).withZone(ZoneOffset.UTC)
                .format(Instant.parse(value.toString()));
    }

    private static String text(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        if (value == null) {
            throw new IllegalStateException("notification parameter " + key + " is missing: " + parameters);
        }
        return value.toString();
    }
}
