package dev.restitution.keycloak.siwe;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * The Keycloak user of a wallet: username the lower-case address, attribute {@value #ACCOUNT_ATTRIBUTE} the EIP-55
 * address (the realm maps it into every token as {@code account_id}), realm role {@value #CLAIMANT_ROLE} and nothing
 * more. A user holding anything else (a staff role, a client role, a group) is never signed in by a wallet, so a
 * wallet can never reach a staff role, whatever username an administrator gave it.
 */
final class WalletAccounts {

    static final String ACCOUNT_ATTRIBUTE = "account_id";
    static final String CLAIMANT_ROLE = "claimant";

    private WalletAccounts() {
    }

    /** The wallet user of the address, created at its first sign-in; empty when the username belongs to someone else. */
    static Optional<UserModel> findOrCreate(KeycloakSession session, RealmModel realm, String checksummedAddress) {
        String username = checksummedAddress.toLowerCase(Locale.ROOT);
        UserModel user = session.users().getUserByUsername(realm, username);
        if (user == null) {
            user = create(session, realm, username, checksummedAddress);
        }
        return isWalletUser(realm, user, checksummedAddress) ? Optional.of(user) : Optional.empty();
    }

    private static UserModel create(KeycloakSession session, RealmModel realm, String username, String checksummedAddress) {
        RoleModel claimant = realm.getRole(CLAIMANT_ROLE);
        if (claimant == null) {
            throw new IllegalStateException("realm " + realm.getName() + " has no role " + CLAIMANT_ROLE);
        }
        try {
            UserModel user = session.users().addUser(realm, username);
            user.setEnabled(true);
            user.setSingleAttribute(ACCOUNT_ATTRIBUTE, checksummedAddress);
            user.grantRole(claimant);
            return user;
        } catch (ModelDuplicateException concurrentFirstSignIn) {
            // The same wallet's first sign-in in another tab won the race: use the user it made.
            return session.users().getUserByUsername(realm, username);
        }
    }

    private static boolean isWalletUser(RealmModel realm, UserModel user, String checksummedAddress) {
        if (user == null || !user.isEnabled() || !checksummedAddress.equals(user.getFirstAttribute(ACCOUNT_ATTRIBUTE))) {
            return false;
        }
        if (user.getFederationLink() != null || user.getGroupsCount() > 0) {
            return false;
        }
        Set<String> allowed = Set.of(CLAIMANT_ROLE, realm.getDefaultRole().getName());
        boolean onlyClaimant = user.getRoleMappingsStream().allMatch(role -> !role.isClientRole() && allowed.contains(role.getName()));
        return onlyClaimant && user.hasDirectRole(realm.getRole(CLAIMANT_ROLE));
    }
}
