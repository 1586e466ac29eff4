package dev.restitution.payout.instruction.api;

import dev.restitution.contracts.payout.model.InstructionState;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@code state} filter of GET /instructions. JAX-RS answers a query parameter it cannot convert
 * with 404; an unknown state is a bad request instead: 400 problem naming {@code state} and the valid values.
 * The problem travels as the response of a WebApplicationException, which JAX-RS sends as it is.
 */
@Provider
public class InstructionStateParameter implements ParamConverterProvider {

    private static final String VALID = Arrays.stream(InstructionState.values()).map(InstructionState::toString)
            .toList().toString();

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != InstructionState.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<InstructionState>() {
            @Override
            public InstructionState fromString(String value) {
                if (value == null) {
                    return null;
                }
                for (InstructionState state : InstructionState.values()) {
                    if (state.toString().equals(value)) {
                        return state;
                    }
                }
                throw new WebApplicationException(ProblemException.invalid(List.of(new FieldViolation("state",
                        "must be one of " + VALID))).problem().toResponse());
            }

            @Override
            public String toString(InstructionState state) {
                return state == null ? null : state.toString();
            }
        };
    }
}
