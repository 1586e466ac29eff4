package dev.restitution.payout;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStackTestResource;
import dev.restitution.devstack.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every test class of this module runs against one shared, really started devstack (declared here
 * once, globally), and these helpers: real Keycloak tokens and row counts straight from PostgreSQL.
 */
@WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = DevStackTestResource.SERVICE, value = "payout"))
public final class PayoutTestInfrastructure {

    private PayoutTestInfrastructure() {
    }

    public static String realmUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    public static String tokenFor(String username) {
        return Tokens.forUser(realmUrl(), username, DemoUsers.PASSWORD);
    }

    /** Runs a statement in its own transaction, for tests that set up rows no API writes yet. */
    public static void execute(String sql) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(sql).executeUpdate());
    }

    public static long rows(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from " + table).getSingleResult()).longValue());
    }
}
