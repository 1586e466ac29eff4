package dev.restitution.ledger.reconciliation.domain;

import dev.restitution.ledger.verification.domain.ChainVerification;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/** The reconciliation as RFC 4180 CSV: a header, then one row per asset, differences in the last column. */
public final class ReconciliationCsv {

    static final String HEADER = "asset,decimals,snapshot_total,approved,available,frozen_pending,entitled,paid,"
            + "outstanding,coverage,recovered,released,treasury,insurance,dust,debits,credits,differences,"
            + "token_verification,recoveries";

    private ReconciliationCsv() {
    }

    public static String write(List<AssetReconciliation> assets) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AssetReconciliation asset : assets) {
            csv.append(String.join(",", quoted(asset.asset()), Integer.toString(asset.decimals()),
                    asset.snapshotTotal().map(BigInteger::toString).orElse(""), asset.approved().toString(),
                    asset.available().toString(), asset.frozenPending().toString(), asset.entitled().toString(),
                    asset.paid().toString(), asset.outstanding().toString(), asset.coverage().toDecimalString(),
                    asset.recovered().toString(), asset.released().toString(), asset.treasury().toString(),
                    asset.insurance().toString(), asset.dust().toString(), asset.debits().toString(),
                    asset.credits().toString(), quoted(asset.differences().stream()
                            .map(difference -> difference.code() + ": " + difference.detail())
                            .collect(Collectors.joining("; "))),
                    quoted(asset.tokenVerification().map(ReconciliationCsv::described).orElse("")),
                    quoted(asset.recoveries().stream()
                            .map(recovery -> recovery.txHash() + " " + described(recovery.verification()))
                            .collect(Collectors.joining("; ")))))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String described(ChainVerification verification) {
        return verification.status() + " (" + verification.detail() + ")";
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
