package dev.restitution.payout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    /** The management interface's root, e.g. http://127.0.0.1:PORT/q. */
    @TestHTTPResource(management = true)
    URL managementRoot;

    @Test
    void metricsAndHealthAreServedOnTheManagementInterfaceOnly() {
        // Why: metrics and health reveal the service's internals and load; API clients must not reach them on the API port.
        given().when().get(management("metrics")).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/health").then().statusCode(404);
    }

    @Test
    void readinessChecksTheDatabaseKafkaAndTheChain() {
        // Why: payout-service must not take work while it cannot reach its database, Kafka or the chain.
        given().when().get(management("health/ready"))
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
    }

    private String management(String path) {
        return managementRoot.toString().replaceAll("/+$", "") + "/" + path;
    }
}
