package dev.restitution.payout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void readinessChecksTheDatabaseKafkaAndTheChain() {
        // Why: payout-service must not take work while it cannot reach its database, Kafka or the chain.
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"),
                        "checks.name", hasItems("Database connections health check", "Kafka connection health check",
                                "EVM chain"),
                        "checks.find { it.name == 'EVM chain' }.data.chainId", equalTo("31337"));
    }

    @Test
    void theContractIsServedAsTheOpenApiDocument() {
        // Why: clients and the Swagger UI must see exactly the contract in contracts/openapi.
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Restitution payout-service API"),
                        "paths.'/batches'.get.operationId", equalTo("listBatches"),
                        "paths.'/batches/{batchId}/approvals'.post.operationId", equalTo("approveBatch"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
