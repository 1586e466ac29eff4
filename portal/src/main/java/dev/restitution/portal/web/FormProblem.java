package dev.restitution.portal.web;

/**
 * Why the portal refused a form before calling any service; each has a text in every language of the portal
 * ({@code form-texts/forms_<language>.properties}, keyed by the constant's name; its parameters in braces).
 */
public enum FormProblem {
    UNKNOWN_LANGUAGE,
    AMOUNT_NOT_A_NUMBER,
    AMOUNT_NOT_A_NUMBER_DECIMAL_COMMA,
    AMOUNT_TOO_MANY_DECIMALS,
    AMOUNT_TOO_LARGE,
    NO_FILE_CHOSEN,
    BALANCE_NOT_OF_CLAIM,
    RECOVERY_KIND_UNKNOWN,
    QUEUE_INCIDENT_NOT_AN_ID,
    QUEUE_ASSET_NOT_A_SYMBOL,
    QUEUE_STATE_UNKNOWN,
    QUEUE_ASSIGNMENT_UNKNOWN,
    QUEUE_AGE_NOT_HOURS,
    QUEUE_SLA_UNKNOWN,
    QUEUE_AMOUNT_WITHOUT_ASSET,
    QUEUE_ASSET_UNKNOWN,
    DISPUTED_LINE_WITHOUT_AMOUNT,
    LINE_NOT_OF_CLAIM,
    DEAD_LETTER_CURSOR_WITHOUT_SERVICE,
    DEAD_LETTER_REASON_MISSING,
    DEAD_LETTER_ID_MALFORMED,
    DEAD_LETTER_SERVICE_UNKNOWN,
    BATCH_ASSET_UNKNOWN,
    BATCH_HASH_MISMATCH,
    BATCH_CANCEL_REASON_MISSING
}
