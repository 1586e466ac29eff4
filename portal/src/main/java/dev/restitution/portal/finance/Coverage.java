package dev.restitution.portal.finance;

import dev.restitution.contracts.ledger.model.AssetReconciliation;
import io.quarkus.qute.TemplateData;
import java.math.BigInteger;

/**
 * One asset of the coverage chart: what is available and what is outstanding, both as a share of what is
 * outstanding (so assets of different decimals share one axis), in hundredths of a percent, rounded down.
 */
@TemplateData
public record Coverage(String asset, int decimals, String available, String outstanding, String coverage,
        String availablePercent, String outstandingPercent) {

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    public static Coverage of(AssetReconciliation asset) {
        BigInteger available = new BigInteger(asset.getAvailable());
        BigInteger outstanding = new BigInteger(asset.getOutstanding());
        String availablePercent;
        String outstandingPercent;
        if (outstanding.signum() == 0) {
            availablePercent = available.signum() > 0 ? "100" : "0";
            outstandingPercent = "0";
        } else {
            availablePercent = percent(available.multiply(TEN_THOUSAND).divide(outstanding));
            outstandingPercent = "100";
        }
        return new Coverage(asset.getAssetSymbol(), asset.getDecimals(), asset.getAvailable(), asset.getOutstanding(),
                asset.getCoverage(), availablePercent, outstandingPercent);
    }

    /** Hundredths of a percent as a decimal string: 12345 is "123.45". */
    static String percent(BigInteger hundredths) {
        BigInteger[] parts = hundredths.divideAndRemainder(BigInteger.valueOf(100));
        return parts[0] + "." + String.format("%02d", parts[1].intValue());
    }
}
