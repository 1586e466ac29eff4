package dev.restitution.payout.chain;

import static dev.restitution.payout.chain.AnvilAccounts.DEVELOPER;
import static dev.restitution.payout.chain.AnvilAccounts.GAS;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_LIMIT;
import static dev.restitution.payout.chain.AnvilAccounts.transactions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.solidity.CommitmentRegistry;
import dev.restitution.payout.commitment.domain.CommitmentEncoding;
import dev.restitution.payout.commitment.domain.CommitmentEncoding.AssetTotal;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.generated.Bytes16;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * The commitment registry on a real anvil, through its generated web3j wrapper: append-only, publisher only, one
 * commitment per id, a round only after its snapshot, the fields in the events and their hash in storage, and the
 * gas each commitment costs.
 */
@QuarkusTest
class CommitmentRegistryTest {

    /** The goal: gasUsed of one commitment transaction, all-in. */
    private static final long GAS_GOAL = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ETH = "eip155:31337/slip44:60";
    private static final String TOKEN = "eip155:31337/erc20:0x5fbdb2315678afecb367f032d93f642f64180aa3";

    @Inject
    Web3j web3j;

    private Credentials publisher;
    private Credentials outsider;
    private CommitmentRegistry registry;
    private CommitmentRegistry asOutsider;

    @BeforeEach
    void deployFreshRegistry() throws Exception {
        publisher = AnvilAccounts.fundedAccount(web3j, 1);
        outsider = AnvilAccounts.fundedAccount(web3j, 1);
        String address = CommitmentRegistry.deploy(web3j, transactions(web3j, DEVELOPER), GAS, publisher.getAddress())
                .send().getContractAddress();
        registry = CommitmentRegistry.load(address, web3j, transactions(web3j, publisher), GAS);
        asOutsider = CommitmentRegistry.load(address, web3j, transactions(web3j, outsider), GAS);
    }

    private record Snapshot(UUID incidentId, String root, long rowCount, String totalsHash, long cutoff) {
    }

    private static Snapshot snapshot() {
        return new Snapshot(UUID.randomUUID(), randomHash(), 1_000_000, CommitmentEncoding.totalsHash(List.of(
                new AssetTotal(ETH, new BigInteger("123456789000000000000"), 600_000),
                new AssetTotal(TOKEN, new BigInteger("987654321"), 400_000))), 1_694_502_000L);
    }

    private RemoteFunctionCall<TransactionReceipt> commit(CommitmentRegistry contract, Snapshot snapshot) {
        return contract.commitSnapshot(CommitmentEncoding.bytes16(snapshot.incidentId()), bytes(snapshot.root()),
                BigInteger.valueOf(snapshot.rowCount()), bytes(snapshot.totalsHash()), BigInteger.valueOf(snapshot.cutoff()));
    }

    private RemoteFunctionCall<TransactionReceipt> commitRound(CommitmentRegistry contract, UUID incidentId, int number,
                                                               UUID roundId, String root, String totalsHash) {
        return contract.commitRound(CommitmentEncoding.bytes16(incidentId), BigInteger.valueOf(number),
                CommitmentEncoding.bytes16(roundId), bytes(root), bytes(totalsHash));
    }

    @Test
    void eachCommitmentStoresTheHashOfItsFieldsEmitsThemAndCostsUnderTheGasGoal() throws Exception {
        // Why: outsiders check a claimant's root against commitments(id) and the event; a stored hash or an event
        // that differs from the documented encoding, or a commitment too dear to publish for every round, fails them.
        Snapshot snapshot = snapshot();
        TransactionReceipt sealed = commit(registry, snapshot).send();
        String snapshotId = CommitmentEncoding.snapshotCommitmentId(snapshot.incidentId());
        assertEquals(CommitmentEncoding.snapshotHash(snapshot.root(), snapshot.rowCount(), snapshot.totalsHash(),
                snapshot.cutoff()), Numeric.toHexString(registry.commitments(bytes(snapshotId)).send()));
        assertEquals(snapshotId, Numeric.toHexString(registry.snapshotCommitmentId(CommitmentEncoding.bytes16(snapshot.incidentId())).send()));
        var snapshotEvents = CommitmentRegistry.getSnapshotCommittedEvents(sealed);
        assertEquals(1, snapshotEvents.size());
        assertArrayEquals(CommitmentEncoding.bytes16(snapshot.incidentId()), snapshotEvents.getFirst().incidentId);
        assertEquals(snapshot.root(), Numeric.toHexString(snapshotEvents.getFirst().root));
        assertEquals(snapshot.rowCount(), snapshotEvents.getFirst().rowCount.longValueExact());
        assertEquals(snapshot.totalsHash(), Numeric.toHexString(snapshotEvents.getFirst().totalsHash));
        assertEquals(snapshot.cutoff(), snapshotEvents.getFirst().cutoff.longValueExact());

        UUID roundId = UUID.randomUUID();
        String entitlementRoot = randomHash();
        String roundTotals = CommitmentEncoding.totalsHash(List.of(new AssetTotal(ETH, BigInteger.TEN, 3)));
        TransactionReceipt approved = commitRound(registry, snapshot.incidentId(), 7, roundId, entitlementRoot, roundTotals).send();
        String roundIdHash = CommitmentEncoding.roundCommitmentId(snapshot.incidentId(), 7);
        assertEquals(CommitmentEncoding.roundHash(roundId, entitlementRoot, roundTotals),
                Numeric.toHexString(registry.commitments(bytes(roundIdHash)).send()));
        assertEquals(roundIdHash, Numeric.toHexString(registry.roundCommitmentId(
                CommitmentEncoding.bytes16(snapshot.incidentId()), BigInteger.valueOf(7)).send()));
        var roundEvents = CommitmentRegistry.getRoundCommittedEvents(approved);
        assertEquals(1, roundEvents.size());
        assertEquals(7, roundEvents.getFirst().roundNumber.intValueExact());
        assertArrayEquals(CommitmentEncoding.bytes16(roundId), roundEvents.getFirst().roundId);
        assertEquals(entitlementRoot, Numeric.toHexString(roundEvents.getFirst().entitlementRoot));
        assertEquals(roundTotals, Numeric.toHexString(roundEvents.getFirst().totalsHash));

        long snapshotGas = sealed.getGasUsed().longValueExact();
        long roundGas = approved.getGasUsed().longValueExact();
        System.out.printf("CommitmentRegistry gasUsed: commitSnapshot %d, commitRound %d (goal: under %d each)%n",
                snapshotGas, roundGas, GAS_GOAL);
        assertTrue(snapshotGas < GAS_GOAL, "commitSnapshot used " + snapshotGas + " gas");
        assertTrue(roundGas < GAS_GOAL, "commitRound used " + roundGas + " gas");
    }

    @Test
    void onlyThePublisherMayAppend() throws Exception {
        // Why: anyone else appending could commit a fake snapshot or round under the exchange's registry.
        Snapshot snapshot = snapshot();
        assertReverts(outsider, commit(asOutsider, snapshot), new CustomError("NotPublisher", List.of(new TypeReference<Address>() { })));
        assertThrows(TransactionException.class, commit(asOutsider, snapshot)::send);
        commit(registry, snapshot).send();
        assertReverts(outsider, commitRound(asOutsider, snapshot.incidentId(), 1, UUID.randomUUID(), randomHash(), randomHash()),
                new CustomError("NotPublisher", List.of(new TypeReference<Address>() { })));
        assertEquals(publisher.getAddress(), registry.publisher().send());
    }

    @Test
    void aCommitmentIdIsWrittenOnceEvenWithOtherFields() throws Exception {
        // Why: a second commitment under one id would let the exchange rewrite a root it showed claimants (a split view).
        Snapshot snapshot = snapshot();
        commit(registry, snapshot).send();
        String stored = Numeric.toHexString(registry.commitments(bytes(CommitmentEncoding.snapshotCommitmentId(snapshot.incidentId()))).send());
        Snapshot rewritten = new Snapshot(snapshot.incidentId(), randomHash(), 2, snapshot.totalsHash(), snapshot.cutoff());
        CustomError already = new CustomError("AlreadyCommitted", List.of(new TypeReference<Bytes32>() { }));
        assertReverts(publisher, commit(registry, rewritten), already);
        assertReverts(publisher, commit(registry, snapshot), already);

        UUID roundId = UUID.randomUUID();
        commitRound(registry, snapshot.incidentId(), 3, roundId, randomHash(), randomHash()).send();
        // Another round 3 of the same incident, another round id: refused, so no two "round 3"s exist.
        assertReverts(publisher, commitRound(registry, snapshot.incidentId(), 3, UUID.randomUUID(), randomHash(), randomHash()), already);
        assertThrows(TransactionException.class,
                commitRound(registry, snapshot.incidentId(), 3, roundId, randomHash(), randomHash())::send);
        assertEquals(stored, Numeric.toHexString(registry.commitments(bytes(CommitmentEncoding.snapshotCommitmentId(snapshot.incidentId()))).send()));
    }

    @Test
    void aRoundBeforeItsIncidentsSnapshotIsRefused() throws Exception {
        // Why: a round's entitlements mean nothing without the snapshot they derive from being fixed first.
        UUID incidentId = UUID.randomUUID();
        assertReverts(publisher, commitRound(registry, incidentId, 1, UUID.randomUUID(), randomHash(), randomHash()),
                new CustomError("SnapshotNotCommitted", List.of(new TypeReference<Bytes16>() { })));
        assertEquals(BigInteger.ZERO, Numeric.toBigInt(registry.commitments(bytes(CommitmentEncoding.roundCommitmentId(incidentId, 1))).send()));
    }

    private RemoteFunctionCall<TransactionReceipt> commitDistribution(CommitmentRegistry contract, UUID incidentId, int number,
                                                                      String assetId, String distributor, String root,
                                                                      BigInteger total, long deadline) {
        return contract.commitDistribution(CommitmentEncoding.bytes16(incidentId), BigInteger.valueOf(number), assetId, distributor,
                bytes(root), total, BigInteger.valueOf(deadline));
    }

    @Test
    void aDistributionIsCommittedOnceAfterItsRoundWithItsFieldsInTheEventAndTheirHashStored() throws Exception {
        // Why: claimants check the distributor they are sent to against the registry; a distribution committed
        // before its round, twice for one round and asset, or by anyone but the publisher would let a second
        // distributor or root stand beside the one shown.
        Snapshot snapshot = snapshot();
        commit(registry, snapshot).send();
        String distributor = AnvilAccounts.freshAddresses(1).getFirst();
        String root = randomHash();
        BigInteger total = new BigInteger("123456789012345678901234567890");
        long deadline = 1_900_000_000L;
        CustomError roundMissing = new CustomError("RoundNotCommitted",
                List.of(new TypeReference<Bytes16>() { }, new TypeReference<Uint32>() { }));
        assertReverts(publisher, commitDistribution(registry, snapshot.incidentId(), 2, TOKEN, distributor, root, total, deadline),
                roundMissing);
        assertThrows(TransactionException.class,
                commitDistribution(registry, snapshot.incidentId(), 2, TOKEN, distributor, root, total, deadline)::send);

        commitRound(registry, snapshot.incidentId(), 2, UUID.randomUUID(), randomHash(), randomHash()).send();
        assertReverts(outsider, commitDistribution(asOutsider, snapshot.incidentId(), 2, TOKEN, distributor, root, total, deadline),
                new CustomError("NotPublisher", List.of(new TypeReference<Address>() { })));
        TransactionReceipt committed = commitDistribution(registry, snapshot.incidentId(), 2, TOKEN, distributor, root, total, deadline)
                .send();
        String id = CommitmentEncoding.distributionCommitmentId(snapshot.incidentId(), 2, TOKEN);
        assertEquals(id, Numeric.toHexString(registry.distributionCommitmentId(CommitmentEncoding.bytes16(snapshot.incidentId()),
                BigInteger.TWO, TOKEN).send()));
        assertEquals(CommitmentEncoding.distributionHash(distributor, root, total, deadline),
                Numeric.toHexString(registry.commitments(bytes(id)).send()));
        var events = CommitmentRegistry.getDistributionCommittedEvents(committed);
        assertEquals(1, events.size());
        assertArrayEquals(CommitmentEncoding.bytes16(snapshot.incidentId()), events.getFirst().incidentId);
        assertEquals(2, events.getFirst().roundNumber.intValueExact());
        assertEquals(TOKEN, events.getFirst().assetId);
        assertEquals(distributor.toLowerCase(), events.getFirst().distributor.toLowerCase());
        assertEquals(root, Numeric.toHexString(events.getFirst().root));
        assertEquals(total, events.getFirst().total);
        assertEquals(deadline, events.getFirst().deadline.longValueExact());

        CustomError already = new CustomError("AlreadyCommitted", List.of(new TypeReference<Bytes32>() { }));
        assertReverts(publisher, commitDistribution(registry, snapshot.incidentId(), 2, TOKEN, AnvilAccounts.freshAddresses(1).getFirst(),
                randomHash(), total, deadline), already);
        assertThrows(TransactionException.class,
                commitDistribution(registry, snapshot.incidentId(), 2, TOKEN, distributor, root, total, deadline)::send);
        // The same round's other asset is another distribution.
        commitDistribution(registry, snapshot.incidentId(), 2, ETH, distributor, root, total, deadline).send();
        assertEquals(CommitmentEncoding.distributionHash(distributor, root, total, deadline),
                Numeric.toHexString(registry.commitments(bytes(id)).send()));
    }

    @Test
    void theContractOffersNoWayToChangeOrRemoveACommitment() throws IOException {
        // Why: append-only is the point: a function that writes anything but a new commitment would let the
        // exchange rewrite history. Its ABI lists every function there is.
        JsonNode abi = new ObjectMapper().readTree(Path.of("..", "contracts", "target", "solidity",
                "CommitmentRegistry_sol_CommitmentRegistry.abi").toFile());
        Set<String> writing = new TreeSet<>();
        for (JsonNode entry : abi) {
            if (entry.path("type").asText().equals("function")
                    && !Set.of("view", "pure").contains(entry.path("stateMutability").asText())) {
                writing.add(entry.path("name").asText());
            }
            assertTrue(!entry.path("type").asText().equals("fallback") && !entry.path("type").asText().equals("receive"),
                    "the contract has a " + entry.path("type").asText());
        }
        assertEquals(Set.of("commitDistribution", "commitRound", "commitSnapshot"), writing);
    }

    /** Simulates the call from {@code caller} and checks it reverts with the expected custom error. */
    private void assertReverts(Credentials caller, RemoteFunctionCall<TransactionReceipt> call, CustomError expected)
            throws IOException {
        EthCall result = web3j.ethCall(Transaction.createFunctionCallTransaction(caller.getAddress(), null, null, GAS_LIMIT,
                registry.getContractAddress(), BigInteger.ZERO, call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
        assertTrue(result.hasError(), "expected a revert with " + expected.getName());
        String revertData = result.getError().getData() == null ? "" : result.getError().getData().replace("\"", "");
        assertTrue(revertData.length() >= 10, "revert without error data: " + result.getError().getMessage());
        assertEquals(CustomErrorEncoder.encode(expected).substring(0, 10), revertData.substring(0, 10), "expected " + expected.getName());
    }

    private static String randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return Numeric.toHexString(hash);
    }

    private static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }
}
