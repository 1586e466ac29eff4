package dev.restitution.payout.denylist;

import dev.restitution.payout.denylist.persistence.DenylistStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Whether payout-service may pay an address for an incident (attacker and sanctioned addresses are never paid).
 * An entry of every incident denies the address to all of them, an entry of one incident to that incident only.
 * Batches ask for their incident (instructions ask the store directly), and so does execution's last check before
 * signing, for the incident of the payment order.
 */
@ApplicationScoped
public class Denylist {

    private final DenylistStore store;

    public Denylist(DenylistStore store) {
        this.store = store;
    }

    /**
     * True when {@code address} is listed on {@code chainId} for {@code incidentId} or for every incident; joins the
     * caller's transaction if there is one.
     */
    public boolean isDenied(long chainId, UUID incidentId, String address) {
        return store.lists(chainId, incidentId, address);
    }

    /** The lowercase forms of those {@code addresses} that are listed on {@code chainId} for {@code incidentId}. */
    public Set<String> deniedAmong(long chainId, UUID incidentId, Collection<String> addresses) {
        return store.listedAmong(chainId, incidentId, addresses);
    }
}
