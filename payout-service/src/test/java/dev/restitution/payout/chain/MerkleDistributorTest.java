package dev.restitution.payout.chain;

import static dev.restitution.payout.chain.AnvilAccounts.DEVELOPER;
import static dev.restitution.payout.chain.AnvilAccounts.GAS;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_LIMIT;
import static dev.restitution.payout.chain.AnvilAccounts.freshAddresses;
import static dev.restitution.payout.chain.AnvilAccounts.transactions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.contracts.solidity.FalseReturnTestToken;
import dev.restitution.contracts.solidity.MerkleDistributor;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.payout.distribution.domain.DistributionTree;
import dev.restitution.payout.distribution.domain.DistributionTree.Entry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
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
 * MerkleDistributor on the devstack's anvil, with proofs from {@link DistributionTree}: claims by the holder and by
 * anyone else pay the account; a second claim, a wrong proof, a claim for another address or amount, a claim after the
 * deadline, an early sweep and a sweep by anyone but the operator revert with their custom error and move no token;
 * the sweep after the deadline returns the rest to the treasury. Anvil's clock is moved forward (evm_increaseTime,
 * evm_mine) past each distribution's deadline, which is set a few minutes after the chain's latest block.
 */
@QuarkusTest
class MerkleDistributorTest {

    private static final long DEADLINE_AFTER_SECONDS = 600;

    @Inject
    Web3j web3j;

    @ConfigProperty(name = "restitution.chains.\"31337\".rpc-url")
    String rpcUrl;

    private Credentials operator;
    private Credentials holder;
    private Credentials outsider;
    private String treasury;
    private List<Entry> entries;
    private DistributionTree tree;

    @BeforeEach
    void accountsAndTree() throws Exception {
        operator = AnvilAccounts.fundedAccount(web3j, 1);
        holder = AnvilAccounts.fundedAccount(web3j, 1);
        outsider = AnvilAccounts.fundedAccount(web3j, 1);
        treasury = freshAddresses(1).getFirst();
        entries = new ArrayList<>();
        entries.add(new Entry(holder.getAddress(), BigInteger.valueOf(1_000_000)));
        List<String> others = freshAddresses(4);
        for (int i = 0; i < others.size(); i++) {
            entries.add(new Entry(others.get(i), BigInteger.valueOf(2_000_000L + i)));
        }
        tree = DistributionTree.of(entries);
    }

    @Test
    void theHolderAndAThirdPartyClaimAndOnlyTheAccountIsPaidOnceWithTheLeafInTheEvent() throws Exception {
        // Why: a holder must be able to pull their restitution, and anyone (a relayer, support) to submit it for them;
        // in both cases the funds may only reach the leaf's account, and the event must name what was paid.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(6)).send();
        MerkleDistributor distributor = deploy(token.getContractAddress());
        token.mint(distributor.getContractAddress(), tree.total()).send();

        TransactionReceipt own = claim(distributor, holder, 0).send();
        assertEquals(tree.entry(0).amount(), token.balanceOf(holder.getAddress()).send());
        assertClaimedEvent(own, 0);

        TransactionReceipt forAnother = claim(distributor, outsider, 3).send();
        assertEquals(tree.entry(3).amount(), token.balanceOf(tree.entry(3).account()).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(outsider.getAddress()).send());
        assertClaimedEvent(forAnother, 3);

        assertTrue(distributor.isClaimed(BigInteger.ZERO).send());
        assertTrue(distributor.isClaimed(BigInteger.valueOf(3)).send());
        assertFalse(distributor.isClaimed(BigInteger.ONE).send());
        assertEquals(tree.total().subtract(tree.entry(0).amount()).subtract(tree.entry(3).amount()),
                token.balanceOf(distributor.getContractAddress()).send());
    }

    @Test
    void aSecondClaimAWrongProofAndAClaimForAnotherAddressOrAmountAreRefusedAndMoveNothing() throws Exception {
        // Why: each is how a distributor gets drained: paying an index twice, paying a leaf that is not in the tree,
        // or redirecting someone's entitlement to the caller's address.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(6)).send();
        MerkleDistributor distributor = deploy(token.getContractAddress());
        token.mint(distributor.getContractAddress(), tree.total()).send();
        claim(distributor, holder, 0).send();
        BigInteger held = token.balanceOf(distributor.getContractAddress()).send();

        assertRefused(distributor, outsider, claim(distributor, outsider, 0),
                error("AlreadyClaimed", new Uint256(0)));
        assertRefused(distributor, outsider, asOutsider(distributor).claim(BigInteger.ONE, tree.entry(1).account(), tree.entry(1).amount(),
                tree.proof(2)), error("InvalidProof"));
        // The outsider's own address in the leaf of index 1: the leaf is not in the tree.
        assertRefused(distributor, outsider, asOutsider(distributor).claim(BigInteger.ONE, outsider.getAddress(), tree.entry(1).amount(),
                tree.proof(1)), error("InvalidProof"));
        assertRefused(distributor, outsider, asOutsider(distributor).claim(BigInteger.ONE, tree.entry(1).account(),
                tree.entry(1).amount().add(BigInteger.ONE), tree.proof(1)), error("InvalidProof"));
        assertRefused(distributor, outsider, asOutsider(distributor).claim(BigInteger.TWO, tree.entry(1).account(), tree.entry(1).amount(),
                tree.proof(1)), error("InvalidProof"));

        assertEquals(held, token.balanceOf(distributor.getContractAddress()).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(outsider.getAddress()).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(tree.entry(1).account()).send());
        assertEquals(tree.entry(0).amount(), token.balanceOf(holder.getAddress()).send());
        assertFalse(distributor.isClaimed(BigInteger.ONE).send());
    }

    @Test
    void afterTheDeadlineClaimsAreRefusedAndOnlyTheOperatorSweepsTheRestToTheTreasury() throws Exception {
        // Why: unclaimed funds must come back to the exchange for a later round, but never before claimants had
        // their full window, never to anyone but the treasury, and no claim may take them after the sweep's time came.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(6)).send();
        MerkleDistributor distributor = deploy(token.getContractAddress());
        BigInteger deadline = distributor.deadline().send();
        token.mint(distributor.getContractAddress(), tree.total()).send();
        claim(distributor, holder, 0).send();
        BigInteger rest = tree.total().subtract(tree.entry(0).amount());

        MerkleDistributor asOperator = MerkleDistributor.load(distributor.getContractAddress(), web3j, transactions(web3j, operator), GAS);
        assertRefused(distributor, operator, asOperator.sweep(), error("ClaimWindowOpen", new Uint256(deadline)));
        assertRefused(distributor, outsider, asOutsider(distributor).sweep(), error("NotOperator", new Address(outsider.getAddress())));

        passDeadline(deadline);
        assertRefused(distributor, outsider, claim(distributor, outsider, 1), error("ClaimWindowClosed", new Uint256(deadline)));
        assertRefused(distributor, outsider, asOutsider(distributor).sweep(), error("NotOperator", new Address(outsider.getAddress())));
        assertEquals(rest, token.balanceOf(distributor.getContractAddress()).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(treasury).send());

        TransactionReceipt swept = asOperator.sweep().send();
        assertEquals(rest, token.balanceOf(treasury).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(distributor.getContractAddress()).send());
        var events = MerkleDistributor.getSweptEvents(swept);
        assertEquals(1, events.size());
        assertEquals(treasury.toLowerCase(), events.getFirst().treasury.toLowerCase());
        assertEquals(rest, events.getFirst().amount);
        assertRefused(distributor, operator, asOperator.sweep(), error("NothingToSweep"));
        assertEquals(BigInteger.ZERO, token.balanceOf(tree.entry(1).account()).send());
    }

    @Test
    void aTokenReturningNothingPaysAndATokenAnsweringFalseIsRefusedWithoutMarkingTheIndex() throws Exception {
        // Why: USDT returns nothing and older tokens answer false instead of reverting; reading either wrongly would
        // refuse every claim of a real token or mark an index claimed that was never paid.
        NoReturnTestToken noReturn = NoReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Tether-style", "USDTS",
                BigInteger.valueOf(6)).send();
        MerkleDistributor usdtStyle = deploy(noReturn.getContractAddress());
        noReturn.mint(usdtStyle.getContractAddress(), tree.total()).send();
        claim(usdtStyle, outsider, 2).send();
        assertEquals(tree.entry(2).amount(), noReturn.balanceOf(tree.entry(2).account()).send());

        FalseReturnTestToken answersFalse = FalseReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Old", "OLD",
                BigInteger.valueOf(6)).send();
        MerkleDistributor oldStyle = deploy(answersFalse.getContractAddress());
        // Funded short of leaf 2's amount: the token answers false.
        answersFalse.mint(oldStyle.getContractAddress(), tree.entry(2).amount().subtract(BigInteger.ONE)).send();
        assertRefused(oldStyle, outsider, claim(oldStyle, outsider, 2),
                error("TransferFailed", new Address(tree.entry(2).account()), new Uint256(tree.entry(2).amount())));
        assertFalse(oldStyle.isClaimed(BigInteger.TWO).send());
        answersFalse.mint(oldStyle.getContractAddress(), BigInteger.ONE).send();
        claim(oldStyle, outsider, 2).send();
        assertEquals(tree.entry(2).amount(), answersFalse.balanceOf(tree.entry(2).account()).send());
    }

    @Test
    void theDistributorKeepsTheValuesItWasDeployedWith() throws Exception {
        // Why: reconciliation and the registry's commitment read the root, deadline, total and parties from the
        // contract itself; a distributor that dropped or swapped one could not be checked.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(6)).send();
        MerkleDistributor distributor = deploy(token.getContractAddress());
        assertEquals(token.getContractAddress().toLowerCase(), distributor.token().send().toLowerCase());
        assertEquals(tree.root(), Numeric.toHexString(distributor.merkleRoot().send()));
        assertEquals(operator.getAddress().toLowerCase(), distributor.operator().send().toLowerCase());
        assertEquals(treasury.toLowerCase(), distributor.treasury().send().toLowerCase());
        assertEquals(tree.total(), distributor.total().send());
        assertThrows(TransactionException.class, () -> MerkleDistributor.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                token.getContractAddress(), Numeric.hexStringToByteArray(tree.root()), latestTimestamp(),
                operator.getAddress(), treasury, tree.total()).send());
    }

    private MerkleDistributor deploy(String token) throws Exception {
        BigInteger deadline = latestTimestamp().add(BigInteger.valueOf(DEADLINE_AFTER_SECONDS));
        String address = MerkleDistributor.deploy(web3j, transactions(web3j, DEVELOPER), GAS, token,
                Numeric.hexStringToByteArray(tree.root()), deadline, operator.getAddress(), treasury, tree.total())
                .send().getContractAddress();
        return MerkleDistributor.load(address, web3j, transactions(web3j, holder), GAS);
    }

    private MerkleDistributor asOutsider(MerkleDistributor distributor) {
        return MerkleDistributor.load(distributor.getContractAddress(), web3j, transactions(web3j, outsider), GAS);
    }

    /** Leaf index's claim sent by caller. */
    private RemoteFunctionCall<TransactionReceipt> claim(MerkleDistributor distributor, Credentials caller, int index) {
        Entry entry = tree.entry(index);
        return MerkleDistributor.load(distributor.getContractAddress(), web3j, transactions(web3j, caller), GAS)
                .claim(BigInteger.valueOf(index), entry.account(), entry.amount(), tree.proof(index));
    }

    private void assertClaimedEvent(TransactionReceipt receipt, int index) {
        var events = MerkleDistributor.getClaimedEvents(receipt);
        assertEquals(1, events.size());
        assertEquals(BigInteger.valueOf(index), events.getFirst().index);
        assertEquals(tree.entry(index).account(), events.getFirst().account.toLowerCase());
        assertEquals(tree.entry(index).amount(), events.getFirst().amount);
    }

    private record ExpectedError(String name, String data) {
    }

    private static ExpectedError error(String name, Type<?>... arguments) {
        List<TypeReference<?>> types = new ArrayList<>();
        for (Type<?> argument : arguments) {
            types.add(TypeReference.create(argument.getClass()));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        CustomError error = new CustomError(name, (List) types);
        return new ExpectedError(name, CustomErrorEncoder.encode(error).substring(0, 10)
                + FunctionEncoder.encodeConstructor(List.of(arguments)));
    }

    /**
     * The call reverts with exactly the expected custom error and arguments (simulated from caller), and the
     * transaction itself, sent, reverts.
     */
    private void assertRefused(MerkleDistributor distributor, Credentials caller, RemoteFunctionCall<TransactionReceipt> call,
            ExpectedError expected) throws IOException {
        EthCall result = web3j.ethCall(Transaction.createFunctionCallTransaction(caller.getAddress(), null, null, GAS_LIMIT,
                distributor.getContractAddress(), BigInteger.ZERO, call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
        assertTrue(result.hasError(), "expected a revert with " + expected.name());
        String revertData = result.getError().getData() == null ? "" : result.getError().getData().replace("\"", "");
        assertEquals(expected.data(), revertData, "expected " + expected.name());
        assertThrows(TransactionException.class, call::send, expected.name());
    }

    private BigInteger latestTimestamp() throws IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
    }

    /** Moves anvil's clock just past deadline and mines a block there. */
    private void passDeadline(BigInteger deadline) throws IOException, InterruptedException {
        long ahead = deadline.subtract(latestTimestamp()).longValueExact() + 1;
        if (ahead > 0) {
            rpc("evm_increaseTime", "[" + ahead + "]");
        }
        rpc("evm_mine", "[]");
        assertTrue(latestTimestamp().compareTo(deadline) > 0, "anvil's clock did not pass the deadline");
    }

    private JsonNode rpc(String method, String params) throws IOException, InterruptedException {
        return AnvilRpc.call(rpcUrl, method, params);
    }
}
