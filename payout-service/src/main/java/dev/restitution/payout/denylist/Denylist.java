package dev.restitution.payout.denylist;

import dev.restitution.payout.denylist.persistence.DenylistStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Whether payout-service may pay an address (attacker and sanctioned addresses are never paid). Batches ask
 * for their incident (instructions ask the store directly); execution's last check before signing asks for any incident, so an
 * address listed for one incident is not signed for on that chain at all.
 */
@ApplicationScoped
public class Denylist {

    private final DenylistStore store;

    public Denylist(DenylistStore store) {
        this.store = store;
    }

    /** True when {@code address} is listed on {@code chainId} for any incident; joins the caller's transaction if there is one. */
    public boolean isDenied(long chainId, String address) {
        return store.listedForAnyIncident(chainId, address);
    }

    /** The lowercase forms of those {@code addresses} that are listed on {@code chainId} for {@code incidentId}. */
    public Set<String> deniedAmong(long chainId, UUID incidentId, Collection<String> addresses) {
        return store.listedAmong(chainId, incidentId, addresses);
    }
}
