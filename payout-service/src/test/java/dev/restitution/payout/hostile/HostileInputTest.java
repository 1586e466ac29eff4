package dev.restitution.payout.hostile;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.HostileInputRunner;
import dev.restitution.devstack.HostileInputs;
import dev.restitution.devstack.Tokens;
import dev.restitution.payout.PayoutTestInfrastructure;
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
        // Why: every operation of payout-service's document, driven from the document itself, answers null, NUL,
        // wrong JSON types, repeated keys, trailing content, unknown fields and bad query parameters with a
        // 400 problem naming the field, and not one row of payout-service changes (no batch, approval, denylist
        // entry or payment is written on a refusal).
        List<String> callers = Stream.of(DemoUsers.IAN, DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.SAM,
                        DemoUsers.LENA, DemoUsers.AUDREY, DemoUsers.OTTO, DemoUsers.ALICE)
                .map(PayoutTestInfrastructure::tokenFor).collect(Collectors.toList());
        // The chain verifications answer other services only: the ledger's service account asks them.
        callers.add(Tokens.forClient(PayoutTestInfrastructure.realmUrl(), DemoUsers.serviceClientId("ledger"),
                DemoUsers.serviceClientSecret("ledger")));
        // The public read models answer the portal's transparency service account only.
        callers.add(Tokens.forClient(PayoutTestInfrastructure.realmUrl(), DemoUsers.PORTAL_TRANSPARENCY_CLIENT_ID,
                DemoUsers.PORTAL_TRANSPARENCY_CLIENT_SECRET));
        return new HostileInputRunner(service, callers, () -> HostileInputRunner.rowCounts(dataSource))
                .tests(HostileInputs.of("payout").operations());
    }
}
