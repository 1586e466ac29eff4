package dev.restitution.claims;

import dev.restitution.devstack.DevStackTestResource;
import dev.restitution.devstack.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every test class of this module runs against one shared, really started devstack (declared here
 * once, globally), the ledger's snapshot endpoint over HTTP ({@link LedgerStandIn}), and these helpers: real Keycloak tokens and row counts straight from PostgreSQL.
 */
@WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = DevStackTestResource.SERVICE, value = "claims"))
@WithTestResource(value = LedgerStandIn.class, scope = TestResourceScope.GLOBAL)
public final class ClaimsTestInfrastructure {

    private ClaimsTestInfrastructure() {
    }

    public static String realmUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    public static String tokenFor(String username) {
        return Tokens.forDemoUser(realmUrl(), username);
    }

    /**
     * A connection as the database's owner, whom Flyway migrates as: what someone with direct access to the
     * database has, and the service itself does not (it connects as a role that owns nothing).
     */
    public static Connection ownerConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
    }

    public static long rows(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from " + table).getSingleResult()).longValue());
    }
}
