package dev.restitution.portal.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.json.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Reads the services' answers (through the generated REST clients) with the contracts' one strict JSON
 * configuration, as the services read their requests; unknown properties stay allowed here
 * ({@code quarkus.jackson.fail-on-unknown-properties=false}), so the portal reads newer services' answers.
 */
@Singleton
public class StrictServiceJson implements ObjectMapperCustomizer {

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
