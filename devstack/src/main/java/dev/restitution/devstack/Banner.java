package dev.restitution.devstack;

import java.nio.file.Path;
import java.util.Locale;

/** What {@code ./restitution run} prints once everything is up: every URL and the demo logins. */
final class Banner {

    private Banner() {
    }

    /** @param platform null when only the infrastructure runs; @param portal likewise */
    static String of(DevStack stack, Platform platform, ServiceProcess portal, Path data) {
        StringBuilder out = new StringBuilder();
        out.append("\n==================== Restitution is running ====================\n");
        if (portal != null) {
            out.append("\nPortal (sign in with a demo login below)\n  ").append(portal.baseUrl())
                    .append("   health ").append(portal.managementUrl()).append("/q/health\n");
        }
        if (platform != null) {
            out.append("\nServices\n");
            for (String service : Platform.SERVICES) {
                String url = platform.serviceUrl(service);
                String management = platform.managementUrl(service);
                out.append(String.format(Locale.ROOT, "  %-7s %s%n", service, url));
                out.append(String.format(Locale.ROOT, "          API docs %s/q/swagger-ui   health %s/q/health   metrics %s/q/metrics%n",
                        url, management, management));
            }
        }
        out.append("\nKeycloak\n");
        out.append("  admin console  ").append(stack.keycloakUrl()).append("/admin/   login ")
                .append(KeycloakServer.ADMIN_USERNAME).append(" / ").append(KeycloakServer.ADMIN_PASSWORD).append('\n');
        out.append("  realm (issuer) ").append(stack.realmUrl()).append('\n');
        out.append("\nanvil (two local EVM chains)\n");
        out.append("  JSON-RPC ").append(stack.anvilRpcUrl())
                .append("   chain id ").append(AnvilNode.CHAIN_ID).append(" (0x").append(Long.toHexString(AnvilNode.CHAIN_ID)).append(")\n");
        out.append("  JSON-RPC ").append(stack.secondAnvilRpcUrl())
                .append("   chain id ").append(AnvilNode.SECOND_CHAIN_ID).append(" (0x")
                .append(Long.toHexString(AnvilNode.SECOND_CHAIN_ID)).append(")\n");
        out.append("\nPostgreSQL\n");
        for (String database : PostgresServer.DATABASES) {
            out.append(String.format(Locale.ROOT, "  %-7s %s   service user %s / password %s   owner %s / password %s%n",
                    database, stack.postgresJdbcUrl(database), stack.databaseUser(database), stack.databasePassword(database),
                    stack.databaseOwner(database), stack.databaseOwnerPassword(database)));
        }
        out.append("\nKafka\n  bootstrap servers ").append(stack.kafkaBootstrapServers()).append('\n');
        out.append("\nTraces (OTLP receiver, spans kept in memory)\n  OTLP/HTTP ").append(stack.otlpUrl())
                .append("/v1/traces   one trace ").append(stack.otlpUrl()).append("/api/traces/<trace id>   spans ")
                .append(stack.otlpUrl()).append("/api/spans?service=claims-service&limit=20\n");
        out.append("\nMail (every mail the services send arrives here; nothing leaves the machine)\n  SMTP ").append(Ports.LOOPBACK)
                .append(':').append(stack.endpoints().smtpPort()).append("   IMAP ").append(Ports.LOOPBACK).append(':').append(stack.endpoints().imapPort())
                .append(" (user: the recipient's address, any password)   list ").append(stack.endpoints().mailboxUrl())
                .append("/api/messages?to=<address>\n");
        out.append("\nDemo logins (password for all: ").append(DemoUsers.PASSWORD).append(")\n");
        out.append(String.format(Locale.ROOT, "  %-8s %-17s %s%n", "user", "role", "account id"));
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            out.append(String.format(Locale.ROOT, "  %-8s %-17s %s%n", user.username(), user.role(), user.accountId().orElse("")));
        }
        out.append("\nSecond factor (TOTP): every demo user has one enrolled; add it to an authenticator app from its\n"
                + "otpauth URI (or type the Base32 secret), and give its 6-digit code after the password (dev-only secrets)\n");
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            Totp totp = Totp.forSecret(DemoUsers.totpSecret(user.username()).orElseThrow());
            out.append(String.format(Locale.ROOT, "  %-8s %s%n", user.username(),
                    totp.otpauthUri(DemoUsers.TOTP_ISSUER, user.username())));
        }
        out.append("\nLogs and data: ").append(data).append("   (wiped at every start)\n");
        out.append("Ctrl-C stops everything.\n");
        return out.toString();
    }
}
