package dev.restitution.claims.claim;

import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.PayoutAddressRow;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.persistence.IncidentRepository;
import dev.restitution.contracts.events.ClaimApprovedLine;
import dev.restitution.kit.chain.AssetId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The lines of a ClaimApproved event: each with its asset's CAIP-19 id and the claim's payout address on its chain. */
@ApplicationScoped
public class ApprovedLines {

    private final IncidentRepository incidents;

    public ApprovedLines(IncidentRepository incidents) {
        this.incidents = incidents;
    }

    List<ClaimApprovedLine> of(ClaimEntity claim, List<ClaimLineEntity> lines) {
        Map<String, AssetId> assetIds = incidents.find(claim.incidentId)
                .orElseThrow(() -> new IllegalStateException("claim " + claim.id + " of unknown incident " + claim.incidentId))
                .assets().stream().collect(Collectors.toMap(ClaimableIncident.Asset::symbol,
                        asset -> AssetId.evm(asset.chainId(), asset.tokenContract())));
        Map<Long, String> addressByChain = claim.payoutAddresses.stream()
                .collect(Collectors.toMap(address -> address.chainId, (PayoutAddressRow address) -> address.address));
        return lines.stream().map(line -> new ClaimApprovedLine()
                .withLineId(line.id)
                .withAssetSymbol(line.asset)
                .withAssetId(assetIds.get(line.asset).toString())
                .withApprovedAmount(line.approvedAmount.toString())
                .withPayoutAddress(addressByChain.get(line.chainId))).toList();
    }
}
