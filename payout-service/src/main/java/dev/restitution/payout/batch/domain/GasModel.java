package dev.restitution.payout.batch.domain;

/**
 * Gas of paying one recipient inside a BatchPayout call (plus the call's fixed cost) and as a plain
 * transaction, for fresh and already-funded recipients: the figures PayoutGasBenchmark measures on anvil.
 */
public record GasModel(long contractCall, long contractTokenFresh, long contractTokenFunded, long contractNativeFresh,
                       long contractNativeFunded, long plainNative, long plainTokenFresh, long plainTokenFunded) {

    public GasModel {
        for (long gas : new long[] {contractCall, contractTokenFresh, contractTokenFunded, contractNativeFresh,
                contractNativeFunded, plainNative, plainTokenFresh, plainTokenFunded}) {
            if (gas <= 0) {
                throw new IllegalArgumentException("every gas figure is positive: " + this);
            }
        }
    }

    /** Gas of one more recipient inside the BatchPayout call, without the call's fixed cost. */
    public long inContract(boolean nativeCoin, boolean fresh) {
        if (nativeCoin) {
            return fresh ? contractNativeFresh : contractNativeFunded;
        }
        return fresh ? contractTokenFresh : contractTokenFunded;
    }

    /** Gas of paying the recipient in a transaction of its own. */
    public long plain(boolean nativeCoin, boolean fresh) {
        if (nativeCoin) {
            return plainNative;
        }
        return fresh ? plainTokenFresh : plainTokenFunded;
    }
}
