package dev.restitution.kit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PageLimitsTest {

    @Test
    void thePublishedPageSizesAreTheOnesTheDocumentsDeclare() {
        // Why: GET /limits tells clients the page sizes; they must be the bounds the generated interfaces enforce.
        JsonNode limit = read(Path.of("..", "contracts", "openapi", "common.yaml")).at("/components/parameters/Limit/schema");
        assertEquals(limit.path("maximum").asInt(), PageLimits.MAX);
        assertEquals(limit.path("default").asInt(), PageLimits.DEFAULT);
    }

    private static JsonNode read(Path document) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(document.toFile());
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + document, unreadable);
        }
    }
}
