package dev.restitution.contracts.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A value {@link StrictJson} refuses although Jackson could have read it; its message is written for the
 * caller ("must not contain the NUL character (U+0000)") and goes into the problem body as it is.
 */
public final class StrictJsonRefusal extends MismatchedInputException {

    StrictJsonRefusal(JsonParser parser, String reason, Class<?> targetType) {
        super(parser, reason, targetType);
    }
}
