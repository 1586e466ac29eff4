package dev.restitution.ledger.incident.domain;

import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.problem.FieldViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What an incident-admin declares, with the rules that the request's shape alone cannot express.
 * Field-level limits (lengths, ranges, patterns) are the contract's; these are the cross-field ones.
 */
public record IncidentDeclaration(String exchange, String title, Instant cutoffAt, String description,
                                  List<AssetSpec> assets, List<RecoveryAddress> recoveryAddresses) {

    public IncidentDeclaration {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(cutoffAt, "cutoffAt");
        assets = List.copyOf(assets);
        recoveryAddresses = List.copyOf(recoveryAddresses);
    }

    /** The incident's recovery addresses on one chain. */
    public List<String> recoveryAddressesOn(long chainId) {
        return recoveryAddresses.stream().filter(address -> address.chainId() == chainId).map(RecoveryAddress::address)
                .toList();
    }

    /** Every broken rule, each naming its field; empty when the declaration may be stored. */
    public List<FieldViolation> violations(Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        if (cutoffAt.isAfter(now)) {
            // A breach has already happened: a cutoff in the future would freeze balances not yet known.
            violations.add(new FieldViolation("cutoffAt", "must not be in the future"));
        }
        Set<String> symbols = new HashSet<>();
        Set<Long> nativeChains = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int index = 0; index < assets.size(); index++) {
            AssetSpec asset = assets.get(index);
            String field = "assets[" + index + "]";
            if (!symbols.add(asset.symbol())) {
                violations.add(new FieldViolation(field + ".symbol", "duplicate symbol " + asset.symbol()));
            }
            if (asset.isNative() && !nativeChains.add(asset.chainId())) {
                violations.add(new FieldViolation(field + ".tokenContract",
                        "chain " + asset.chainId() + " already has a native asset"));
            }
            asset.tokenContract().ifPresent(contract -> {
                Eip55.problemWith(contract).ifPresent(problem ->
                        violations.add(new FieldViolation(field + ".tokenContract", problem)));
                if (!tokens.add(asset.chainId() + ":" + contract.toLowerCase(Locale.ROOT))) {
                    violations.add(new FieldViolation(field + ".tokenContract", "token listed twice"));
                }
            });
        }
        Set<String> recoveryAddressesSeen = new HashSet<>();
        for (int index = 0; index < recoveryAddresses.size(); index++) {
            RecoveryAddress recovery = recoveryAddresses.get(index);
            String field = "recoveryAddresses[" + index + "].address";
            Eip55.problemWith(recovery.address()).ifPresent(problem -> violations.add(new FieldViolation(field, problem)));
            if (!recoveryAddressesSeen.add(recovery.chainId() + ":" + recovery.address().toLowerCase(Locale.ROOT))) {
                violations.add(new FieldViolation(field, "address listed twice on chain " + recovery.chainId()));
            }
        }
        return violations;
    }
}
