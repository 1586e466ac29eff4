package dev.restitution.kit.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.json.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes the object mapper Quarkus gives REST endpoints and REST clients the strict one of {@link StrictJson}
 * in every service (the portal has its own, StrictServiceJson).
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.configure(mapper);
    }

    /** After Quarkus's own customizer, which applies the {@code quarkus.jackson.*} settings. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
