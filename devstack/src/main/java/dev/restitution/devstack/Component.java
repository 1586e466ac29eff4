package dev.restitution.devstack;

/** The pieces of infrastructure a {@link DevStack} can run. */
public enum Component {
    POSTGRES,
    KAFKA,
    KEYCLOAK,
    ANVIL
}
