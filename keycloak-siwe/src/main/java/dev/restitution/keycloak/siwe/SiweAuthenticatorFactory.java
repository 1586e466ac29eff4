package dev.restitution.keycloak.siwe;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link SiweAuthenticator} with Keycloak under the id {@value #PROVIDER_ID}. */
public final class SiweAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "restitution-siwe";
    /** The authenticator config key naming the EIP-155 chain id messages must carry. */
    public static final String CHAIN_ID = "chainId";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED};

    private final SiweAuthenticator authenticator = new SiweAuthenticator(new SecureRandom(), Clock.systemUTC());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Sign in with wallet";
    }

    @Override
    public String getReferenceCategory() {
        return "siwe";
    }

    @Override
    public String getHelpText() {
        return "Sign-In with Ethereum (EIP-4361): the holder of an address signs a message with their wallet and is signed in as that address's claimant.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty chainId = new ProviderConfigProperty(CHAIN_ID, "Chain ID",
                "The EIP-155 chain id a sign-in message must name (1 for Ethereum mainnet).", ProviderConfigProperty.STRING_TYPE, "1");
        return List.of(chainId);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public void init(Config.Scope config) {
        // Configured per execution (the chain id), not per server.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to look up at start.
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
