package dev.restitution.ledger;

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
        // Why: an orchestrator must only route traffic to an instance whose database and Kafka work.
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"),
                        "checks.name", hasItems("Database connections health check", "Kafka connection health check",
                                "SmallRye Reactive Messaging - readiness check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theContractIsServedAsTheOpenApiDocument() {
        // Why: clients and the Swagger UI must see exactly the contract in contracts/openapi.
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Restitution ledger-service API"),
                        "paths.'/incidents'.post.operationId", equalTo("declareIncident"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusMetricsAreExposed() {
        // Why: operators scrape request rates and JVM health from every service.
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
