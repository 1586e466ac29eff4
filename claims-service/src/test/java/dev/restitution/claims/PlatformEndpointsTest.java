package dev.restitution.claims;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        // Why: claims-service must not take traffic while it cannot reach its database or Kafka.
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"),
                        "checks.name", hasItems("Database connections health check", "Kafka connection health check",
                                "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void theContractIsServedAsTheOpenApiDocument() {
        // Why: clients and the Swagger UI must see exactly the contract in contracts/openapi.
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Restitution claims-service API"),
                        "paths.'/incidents'.get.operationId", equalTo("listIncidents"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
