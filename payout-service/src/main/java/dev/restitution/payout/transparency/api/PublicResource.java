package dev.restitution.payout.transparency.api;

import dev.restitution.contracts.payout.api.PublicApi;
import dev.restitution.contracts.payout.model.PublicPayout;
import dev.restitution.contracts.payout.model.PublicPayoutPage;
import dev.restitution.kit.chain.AssetId;
import dev.restitution.payout.security.Roles;
import dev.restitution.payout.transparency.persistence.PublicPayoutStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.UUID;

/**
 * The public read model of payouts: settled transactions with their counts and totals, for the transparency
 * pages. A transaction hash and block are on-chain facts; recipients and their amounts are never listed here.
 */
public class PublicResource implements PublicApi {

    private final PublicPayoutStore payouts;

    public PublicResource(PublicPayoutStore payouts) {
        this.payouts = payouts;
    }

    @Override
    @RolesAllowed(Roles.TRANSPARENCY_READER)
    @Transactional
    public Response listPublicPayouts(UUID incidentId, Integer limit, Integer offset) {
        return Response.ok(new PublicPayoutPage()
                .items(payouts.page(incidentId, offset, limit).stream().map(PublicResource::toModel).toList())
                .limit(limit).offset(offset).total(payouts.count(incidentId))).build();
    }

    private static PublicPayout toModel(PublicPayoutStore.SettledTransaction settled) {
        return new PublicPayout()
                .batchId(settled.batchId())
                .chainId(settled.chainId())
                .asset(AssetId.evm(settled.chainId(), settled.tokenContract()).toString())
                .assetSymbol(settled.assetSymbol())
                .count(settled.count())
                .total(settled.total().toString())
                .txHash(settled.txHash().toLowerCase(Locale.ROOT))
                .blockNumber(settled.blockNumber());
    }
}
