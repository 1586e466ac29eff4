package dev.restitution.ledger.hostile;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.HostileInputRunner;
import dev.restitution.devstack.HostileInputs;
import dev.restitution.devstack.Tokens;
import dev.restitution.ledger.LedgerTestInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
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
        // Why: every operation of the ledger's document, driven from the document itself, answers null, NUL,
        // wrong JSON types, repeated keys, trailing content, unknown fields and bad query parameters with a
        // 400 problem naming the field, and not one row of the ledger changes (no money moves on a refusal).
        List<String> callers = Stream.concat(Stream.of(DemoUsers.IAN, DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.SAM,
                        DemoUsers.LENA, DemoUsers.AUDREY, DemoUsers.OTTO, DemoUsers.ALICE).map(LedgerTestInfrastructure::tokenFor),
                // The public read models answer the portal's transparency service account only.
                Stream.of(Tokens.forClient(LedgerTestInfrastructure.realmUrl(), DemoUsers.PORTAL_TRANSPARENCY_CLIENT_ID,
                        DemoUsers.PORTAL_TRANSPARENCY_CLIENT_SECRET))).toList();
        return new HostileInputRunner(service, callers, () -> HostileInputRunner.rowCounts(dataSource))
                .tests(HostileInputs.of("ledger").operations());
    }
}
