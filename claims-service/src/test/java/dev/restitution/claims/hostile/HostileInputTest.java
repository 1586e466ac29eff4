package dev.restitution.claims.hostile;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.HostileInputRunner;
import dev.restitution.devstack.HostileInputs;
import dev.restitution.claims.ClaimsTestInfrastructure;
import dev.restitution.devstack.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI service;

    @Inject
    DataSource dataSource;

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesHostileInputNamingTheFieldAndWritesNothing() {
        // Why: every operation of claims-service's document, driven from the document itself, answers null, NUL,
        // wrong JSON types, repeated keys, trailing content, unknown fields and bad query parameters with a
        // 400 problem naming the field, and not one row of claims-service changes (no claim, proof, dispute or
        // evidence is written on a refusal).
        List<String> callers = Stream.of(DemoUsers.IAN, DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.SAM,
                        DemoUsers.LENA, DemoUsers.AUDREY, DemoUsers.OTTO, DemoUsers.ALICE)
                .map(ClaimsTestInfrastructure::tokenFor).collect(Collectors.toList());
        // KYC attestations come from the KYC provider's service account only.
        callers.add(Tokens.forClient(ClaimsTestInfrastructure.realmUrl(), "kyc-provider", "kyc-provider-dev-secret"));
        return new HostileInputRunner(service, callers, () -> HostileInputRunner.rowCounts(dataSource))
                .tests(HostileInputs.of("claims").operations());
    }
}
