package dev.restitution.payout.reconciliation;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.payout.engine.ChainReader;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** The BatchPaid events a BatchPayout contract emitted in a block range, as the chain lists them now. */
final class BatchPaidEvents {

    private static final String BATCH_PAID_TOPIC = EventEncoder.encode(BatchPayout.BATCHPAID_EVENT);

    /** One BatchPaid event: batch id, token (lowercase; the zero address for the native coin), items hash, total, count. */
    record Paid(String batchId, String token, String itemsHash, BigInteger total, BigInteger count, String txHash,
                long blockNumber) {
    }

    private BatchPaidEvents() {
    }

    /** The events by batch id; a log the node marks removed (reorganised away) is left out. */
    static Map<String, Paid> read(ChainReader chain, String contract, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), contract);
        filter.addSingleTopic(BATCH_PAID_TOPIC);
        Map<String, Paid> events = new LinkedHashMap<>();
        for (Log log : chain.logs(filter)) {
            if (log.isRemoved()) {
                continue;
            }
            BatchPayout.BatchPaidEventResponse event = BatchPayout.getBatchPaidEventFromLog(log);
            String batchId = Numeric.toHexString(event.batchId);
            events.put(batchId, new Paid(batchId, event.token.toLowerCase(Locale.ROOT),
                    Numeric.toHexString(event.itemsHash), event.total, event.count, log.getTransactionHash(),
                    log.getBlockNumber().longValueExact()));
        }
        return events;
    }
}
