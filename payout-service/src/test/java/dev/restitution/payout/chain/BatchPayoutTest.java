package dev.restitution.payout.chain;

import static dev.restitution.payout.chain.AnvilAccounts.DEVELOPER;
import static dev.restitution.payout.chain.AnvilAccounts.GAS;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_LIMIT;
import static dev.restitution.payout.chain.AnvilAccounts.freshAddresses;
import static dev.restitution.payout.chain.AnvilAccounts.nativeBalance;
import static dev.restitution.payout.chain.AnvilAccounts.newBatchId;
import static dev.restitution.payout.chain.AnvilAccounts.transactions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.FalseReturnTestToken;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.OpenZeppelinTestToken;
import dev.restitution.contracts.solidity.SoladyTestToken;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.payout.execution.BatchItems;
import dev.restitution.payout.execution.ItemsHash;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * The payout contract on a real anvil, through the generated web3j wrappers: who may pay, what is
 * paid, and that a batch id pays at most once and a batch pays everyone or nobody.
 */
@QuarkusTest
class BatchPayoutTest {

    private static final BigInteger TOKEN_FUNDING = BigInteger.valueOf(1_000_000_000_000L);

    @Inject
    Web3j web3j;

    private Credentials operator;
    private Credentials outsider;
    private BatchPayout ownerView;
    private BatchPayout payout;

    @BeforeEach
    void deployFreshContract() throws Exception {
        operator = AnvilAccounts.fundedAccount(web3j, 100);
        outsider = AnvilAccounts.fundedAccount(web3j, 1);
        ownerView = BatchPayout.deploy(web3j, transactions(web3j, DEVELOPER), GAS, operator.getAddress()).send();
        payout = BatchPayout.load(ownerView.getContractAddress(), web3j, transactions(web3j, operator), GAS);
    }

    @Test
    void nativeBatchPaysEveryRecipientItsExactAmountAndEmitsOneEvent() throws Exception {
        // Why: the contract must move exactly the listed amounts and report the batch as the service will recompute it.
        List<String> recipients = new ArrayList<>(freshAddresses(3));
        recipients.add(outsider.getAddress());
        List<BigInteger> amounts = List.of(BigInteger.valueOf(1), BigInteger.valueOf(2_000_000_000_000_000_000L),
                BigInteger.valueOf(123_456_789), BigInteger.valueOf(42));
        List<BigInteger> before = new ArrayList<>();
        for (String recipient : recipients) {
            before.add(nativeBalance(web3j, recipient));
        }
        BigInteger total = sum(amounts);
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payNative(payout, batchId, recipients, amounts, total).send();

        for (int i = 0; i < recipients.size(); i++) {
            assertEquals(before.get(i).add(amounts.get(i)), nativeBalance(web3j, recipients.get(i)), recipients.get(i));
        }
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, payout.getContractAddress()), "nothing stays in the contract");
        assertBatchPaid(receipt, batchId, Address.DEFAULT.getValue(), recipients, amounts);
        assertTrue(payout.executed(batchId).send());
    }

    @Test
    void standardTokenBatchPaysEveryRecipientFromTheContractsBalance() throws Exception {
        // Why: token payouts come out of what the treasury funded, in exact amounts, to fresh and already-funded holders.
        TestToken token = deployFundedStandardToken();
        String alreadyFunded = freshAddresses(1).getFirst();
        token.mint(alreadyFunded, BigInteger.TEN).send();
        List<String> recipients = new ArrayList<>(freshAddresses(2));
        recipients.add(alreadyFunded);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(500), BigInteger.valueOf(1), BigInteger.valueOf(77));
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        assertEquals(BigInteger.valueOf(500), token.balanceOf(recipients.get(0)).send());
        assertEquals(BigInteger.valueOf(1), token.balanceOf(recipients.get(1)).send());
        assertEquals(BigInteger.valueOf(87), token.balanceOf(alreadyFunded).send());
        assertEquals(TOKEN_FUNDING.subtract(sum(amounts)), token.balanceOf(payout.getContractAddress()).send());
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
    }

    @Test
    void usdtStyleTokenThatReturnsNothingIsPaid() throws Exception {
        // Why: USDT's transfer returns no bool; a caller that insists on one could never pay it.
        NoReturnTestToken token = NoReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "Tether-style", "USDTS", BigInteger.valueOf(6)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        List<String> recipients = freshAddresses(2);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(1_000_000), BigInteger.valueOf(2_500_000));
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        assertEquals(amounts.get(0), token.balanceOf(recipients.get(0)).send());
        assertEquals(amounts.get(1), token.balanceOf(recipients.get(1)).send());
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
    }

    @Test
    void openZeppelinTokenBatchIsPaid() throws Exception {
        // Why: most deployed ERC-20s are OpenZeppelin's; the contract must pay one exactly, not only our test token.
        OpenZeppelinTestToken token = OpenZeppelinTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "OpenZeppelin", "OZT", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        List<String> recipients = freshAddresses(3);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(3), BigInteger.valueOf(999_999), BigInteger.valueOf(7));
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        for (int i = 0; i < recipients.size(); i++) {
            assertEquals(amounts.get(i), token.balanceOf(recipients.get(i)).send(), recipients.get(i));
        }
        assertEquals(TOKEN_FUNDING.subtract(sum(amounts)), token.balanceOf(payout.getContractAddress()).send());
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
    }

    @Test
    void soladyTokenBatchIsPaidToFreshAndFundedHolders() throws Exception {
        // Why: Solady's ERC20 is the token the gas goal's reference figure is quoted on; the contract must pay it exactly.
        SoladyTestToken token = SoladyTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "Solady", "SOL", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        String alreadyFunded = freshAddresses(1).getFirst();
        token.mint(alreadyFunded, BigInteger.TEN).send();
        List<String> recipients = new ArrayList<>(freshAddresses(2));
        recipients.add(alreadyFunded);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(11), BigInteger.valueOf(123_456_789), BigInteger.valueOf(5));
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        assertEquals(amounts.get(0), token.balanceOf(recipients.get(0)).send());
        assertEquals(amounts.get(1), token.balanceOf(recipients.get(1)).send());
        assertEquals(BigInteger.valueOf(15), token.balanceOf(alreadyFunded).send());
        assertEquals(TOKEN_FUNDING.subtract(sum(amounts)), token.balanceOf(payout.getContractAddress()).send());
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
    }

    @Test
    void theLargestAmountAnItemCarriesIsPaidInFull() throws Exception {
        // Why: amounts are packed into 96 bits beside the address; the top bits must reach the recipient, not be cut.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        BigInteger largest = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);
        assertEquals(BatchItems.MAX_AMOUNT, largest);
        token.mint(payout.getContractAddress(), largest.add(BigInteger.ONE)).send();
        List<String> recipients = freshAddresses(2);
        List<BigInteger> amounts = List.of(largest, BigInteger.ONE);
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        assertEquals(largest, token.balanceOf(recipients.get(0)).send());
        assertEquals(BigInteger.ONE, token.balanceOf(recipients.get(1)).send());
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
    }

    @Test
    void everyBatchSizeAroundTheFourItemPassIsPaidExactly() throws Exception {
        // Why: the token loop pays count mod 4 items alone, then four per pass; no size may skip, repeat or overrun an item.
        SoladyTestToken token = SoladyTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "Solady", "SOL", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        BigInteger paid = BigInteger.ZERO;
        for (int count = 1; count <= 9; count++) {
            List<String> recipients = freshAddresses(count);
            List<BigInteger> amounts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                amounts.add(BigInteger.valueOf(1_000L * count + i + 1));
            }
            byte[] batchId = newBatchId();

            TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

            for (int i = 0; i < count; i++) {
                assertEquals(amounts.get(i), token.balanceOf(recipients.get(i)).send(), count + " items, item " + i);
            }
            paid = paid.add(sum(amounts));
            assertEquals(TOKEN_FUNDING.subtract(paid), token.balanceOf(payout.getContractAddress()).send(), count + " items");
            assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
        }
    }

    @Test
    void anInvalidItemIsReportedAtItsIndexWhereverItSitsInTheLoop() throws Exception {
        // Why: the checks ride on the transfer's success test; the operator must still learn exactly which item is wrong, alone or in a pass.
        TestToken token = deployFundedStandardToken();
        for (int count : new int[] {1, 7, 8}) {
            for (int bad = 0; bad < count; bad++) {
                List<String> recipients = new ArrayList<>(freshAddresses(count));
                List<BigInteger> amounts = new ArrayList<>(Collections.nCopies(count, BigInteger.TEN));
                recipients.set(bad, Address.DEFAULT.getValue());
                assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), recipients, amounts),
                        BatchPayout.INVALIDRECIPIENT_ERROR, BigInteger.valueOf(bad));
                recipients.set(bad, freshAddresses(1).getFirst());
                amounts.set(bad, BigInteger.ZERO);
                assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), recipients, amounts),
                        BatchPayout.ZEROAMOUNT_ERROR, BigInteger.valueOf(bad));
            }
        }
        assertEquals(TOKEN_FUNDING, token.balanceOf(payout.getContractAddress()).send());
    }

    @Test
    void theFirstBadItemIsReportedWhetherItIsInvalidOrItsTransferIsRefused() throws Exception {
        // Why: an invalid item is paid by no transfer; the error names the first item that cannot be paid, as a one-by-one loop would.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), BigInteger.valueOf(20)).send();
        List<String> recipients = new ArrayList<>(freshAddresses(6));
        List<BigInteger> amounts = new ArrayList<>(Collections.nCopies(6, BigInteger.TEN));

        // Items 0 and 1 spend the funding: item 2's transfer is refused before item 4's zero amount is reached.
        amounts.set(4, BigInteger.ZERO);
        assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), recipients, amounts),
                BatchPayout.TOKENTRANSFERFAILED_ERROR, BigInteger.TWO, Numeric.toBigInt(recipients.get(2)), BigInteger.TEN);
        // An invalid item before the first refused transfer is what is reported.
        recipients.set(1, Address.DEFAULT.getValue());
        assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), recipients, amounts),
                BatchPayout.INVALIDRECIPIENT_ERROR, BigInteger.ONE);
        assertEquals(BigInteger.valueOf(20), token.balanceOf(payout.getContractAddress()).send());
    }

    @Test
    void aTransferRefusedAtTheLastItemOfAnyCountIsReportedWithItsIndexAndPaysNobody() throws Exception {
        // Why: the last item sits alone or at the end of a four-item pass depending on the count; both must check the transfer.
        for (int count : new int[] {1, 2, 5, 7, 8}) {
            TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
            FalseReturnTestToken answersFalse = FalseReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Old-style",
                    "OLD", BigInteger.valueOf(18)).send();
            List<String> recipients = freshAddresses(count);
            List<BigInteger> amounts = Collections.nCopies(count, BigInteger.valueOf(3));
            // Enough for every item but the last.
            BigInteger funding = BigInteger.valueOf(3L * count - 1);
            token.mint(payout.getContractAddress(), funding).send();
            answersFalse.mint(payout.getContractAddress(), funding).send();
            byte[] batchId = newBatchId();
            BigInteger last = BigInteger.valueOf(count - 1);
            BigInteger lastRecipient = Numeric.toBigInt(recipients.getLast());

            assertRevertsWith(operator, payToken(payout, batchId, token.getContractAddress(), recipients, amounts),
                    BatchPayout.TOKENTRANSFERFAILED_ERROR, last, lastRecipient, BigInteger.valueOf(3));
            assertRevertsWith(operator, payToken(payout, batchId, answersFalse.getContractAddress(), recipients, amounts),
                    BatchPayout.TOKENTRANSFERFAILED_ERROR, last, lastRecipient, BigInteger.valueOf(3));
            assertThrows(TransactionException.class, payToken(payout, batchId, answersFalse.getContractAddress(), recipients, amounts)::send);
            assertEquals(funding, answersFalse.balanceOf(payout.getContractAddress()).send(), count + " items");
            assertEquals(BigInteger.ZERO, answersFalse.balanceOf(recipients.getFirst()).send(), count + " items");
            assertFalse(payout.executed(batchId).send());
        }
    }

    @Test
    void usdtStyleTokenIsPaidAloneAndInPassesAndItsInvalidItemsAreRefused() throws Exception {
        // Why: one check per item accepts a token answering nothing and refuses bad items; it must hold alone and in four-item passes.
        NoReturnTestToken token = NoReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "Tether-style", "USDTS", BigInteger.valueOf(6)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        List<String> recipients = new ArrayList<>(freshAddresses(6));
        List<BigInteger> amounts = new ArrayList<>(List.of(BigInteger.valueOf(1), BigInteger.valueOf(2), BigInteger.valueOf(3),
                BigInteger.valueOf(4), BigInteger.valueOf(5), BigInteger.valueOf(6)));
        byte[] batchId = newBatchId();

        TransactionReceipt receipt = payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        for (int i = 0; i < recipients.size(); i++) {
            assertEquals(amounts.get(i), token.balanceOf(recipients.get(i)).send(), recipients.get(i));
        }
        assertBatchPaid(receipt, batchId, token.getContractAddress(), recipients, amounts);
        amounts.set(5, BigInteger.ZERO);
        assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), freshAddresses(6), amounts),
                BatchPayout.ZEROAMOUNT_ERROR, BigInteger.valueOf(5));
        recipients.set(3, Address.DEFAULT.getValue());
        assertRevertsWith(operator, payToken(payout, newBatchId(), token.getContractAddress(), recipients, List.of(BigInteger.ONE,
                BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE)), BatchPayout.INVALIDRECIPIENT_ERROR,
                BigInteger.valueOf(3));
    }

    @Test
    void secondExecutionOfABatchIdIsRefusedAndPaysNothing() throws Exception {
        // Why: a retry, a replayed transaction or a second click must never pay a batch twice, in any asset.
        TestToken token = deployFundedStandardToken();
        List<String> recipients = freshAddresses(2);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(10), BigInteger.valueOf(20));
        byte[] batchId = newBatchId();
        payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();

        RemoteFunctionCall<TransactionReceipt> again = payToken(payout, batchId, token.getContractAddress(), recipients, amounts);
        assertReverts(operator, again, BigInteger.ZERO, BatchPayout.BATCHALREADYEXECUTED_ERROR);
        assertThrows(TransactionException.class, again::send);
        RemoteFunctionCall<TransactionReceipt> asNative = payNative(payout, batchId, recipients, amounts, sum(amounts));
        assertReverts(operator, asNative, sum(amounts), BatchPayout.BATCHALREADYEXECUTED_ERROR);
        assertThrows(TransactionException.class, asNative::send);

        assertEquals(BigInteger.valueOf(10), token.balanceOf(recipients.get(0)).send());
        assertEquals(BigInteger.valueOf(20), token.balanceOf(recipients.get(1)).send());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, recipients.get(0)));
    }

    @Test
    void onlyTheConfiguredOperatorMayPay() throws Exception {
        // Why: the contract, not the service, is the last line against anyone else spending its funds.
        TestToken token = deployFundedStandardToken();
        List<String> recipients = freshAddresses(1);
        List<BigInteger> amounts = List.of(BigInteger.ONE);
        byte[] batchId = newBatchId();
        BatchPayout asOutsider = BatchPayout.load(payout.getContractAddress(), web3j, transactions(web3j, outsider), GAS);

        assertReverts(outsider, payToken(asOutsider, batchId, token.getContractAddress(), recipients, amounts), BigInteger.ZERO,
                BatchPayout.NOTOPERATOR_ERROR);
        assertThrows(TransactionException.class, payToken(asOutsider, batchId, token.getContractAddress(), recipients, amounts)::send);
        assertReverts(outsider, payNative(asOutsider, batchId, recipients, amounts, BigInteger.ONE), BigInteger.ONE,
                BatchPayout.NOTOPERATOR_ERROR);
        assertReverts(DEVELOPER, payToken(ownerView, batchId, token.getContractAddress(), recipients, amounts), BigInteger.ZERO,
                BatchPayout.NOTOPERATOR_ERROR);
        assertReverts(outsider, asOutsider.setOperator(outsider.getAddress()), BigInteger.ZERO, BatchPayout.NOTOWNER_ERROR);
        assertEquals(BigInteger.ZERO, token.balanceOf(recipients.getFirst()).send());
        assertFalse(payout.executed(batchId).send());

        ownerView.setOperator(outsider.getAddress()).send();
        assertReverts(operator, payToken(payout, batchId, token.getContractAddress(), recipients, amounts), BigInteger.ZERO,
                BatchPayout.NOTOPERATOR_ERROR);
        payToken(asOutsider, batchId, token.getContractAddress(), recipients, amounts).send();
        assertEquals(BigInteger.ONE, token.balanceOf(recipients.getFirst()).send());
    }

    @Test
    void nativeValueMustEqualTheTotalExactly() throws Exception {
        // Why: too little would pay from someone else's money, too much would strand coin in the contract.
        List<String> recipients = freshAddresses(2);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(1_000), BigInteger.valueOf(2_000));
        byte[] batchId = newBatchId();

        assertReverts(operator, payNative(payout, batchId, recipients, amounts, BigInteger.valueOf(2_999)), BigInteger.valueOf(2_999),
                BatchPayout.WRONGNATIVEVALUE_ERROR);
        assertReverts(operator, payNative(payout, batchId, recipients, amounts, BigInteger.valueOf(3_001)), BigInteger.valueOf(3_001),
                BatchPayout.WRONGNATIVEVALUE_ERROR);
        assertThrows(TransactionException.class, payNative(payout, batchId, recipients, amounts, BigInteger.valueOf(3_001))::send);

        assertEquals(BigInteger.ZERO, nativeBalance(web3j, recipients.get(0)));
        assertFalse(payout.executed(batchId).send());
    }

    @Test
    void aFailingTokenTransferRevertsTheWholeBatchAndLeavesItsIdUnused() throws Exception {
        // Why: a half-paid batch cannot be retried safely; everyone or nobody, and the batch stays payable once funded.
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), BigInteger.valueOf(100)).send();
        List<String> recipients = freshAddresses(3);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(60), BigInteger.valueOf(40), BigInteger.ONE);
        byte[] batchId = newBatchId();

        assertReverts(operator, payToken(payout, batchId, token.getContractAddress(), recipients, amounts), BigInteger.ZERO,
                BatchPayout.TOKENTRANSFERFAILED_ERROR);
        assertThrows(TransactionException.class, payToken(payout, batchId, token.getContractAddress(), recipients, amounts)::send);
        for (String recipient : recipients) {
            assertEquals(BigInteger.ZERO, token.balanceOf(recipient).send(), recipient);
        }
        assertEquals(BigInteger.valueOf(100), token.balanceOf(payout.getContractAddress()).send());
        assertFalse(payout.executed(batchId).send());

        token.mint(payout.getContractAddress(), BigInteger.ONE).send();
        payToken(payout, batchId, token.getContractAddress(), recipients, amounts).send();
        assertEquals(BigInteger.ONE, token.balanceOf(recipients.get(2)).send());
    }

    @Test
    void aTokenThatAnswersFalseRevertsTheWholeBatch() throws Exception {
        // Why: ERC-20 lets a token answer false instead of reverting; counting that as paid would lose the payment.
        FalseReturnTestToken token = FalseReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Old-style", "OLD",
                BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), BigInteger.valueOf(100)).send();
        List<String> recipients = freshAddresses(2);
        List<BigInteger> amounts = List.of(BigInteger.valueOf(100), BigInteger.ONE);
        byte[] batchId = newBatchId();

        assertReverts(operator, payToken(payout, batchId, token.getContractAddress(), recipients, amounts), BigInteger.ZERO,
                BatchPayout.TOKENTRANSFERFAILED_ERROR);
        assertThrows(TransactionException.class, payToken(payout, batchId, token.getContractAddress(), recipients, amounts)::send);
        assertEquals(BigInteger.ZERO, token.balanceOf(recipients.get(0)).send());
        assertEquals(BigInteger.valueOf(100), token.balanceOf(payout.getContractAddress()).send());
        assertFalse(payout.executed(batchId).send());
    }

    @Test
    void aRecipientThatRejectsCoinRevertsTheWholeNativeBatch() throws Exception {
        // Why: a contract recipient without a receive function must not leave the batch half paid.
        TestToken rejectsCoin = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        List<String> recipients = List.of(freshAddresses(1).getFirst(), rejectsCoin.getContractAddress());
        List<BigInteger> amounts = List.of(BigInteger.valueOf(5), BigInteger.valueOf(6));
        byte[] batchId = newBatchId();

        assertReverts(operator, payNative(payout, batchId, recipients, amounts, BigInteger.valueOf(11)), BigInteger.valueOf(11),
                BatchPayout.NATIVETRANSFERFAILED_ERROR);
        assertThrows(TransactionException.class, payNative(payout, batchId, recipients, amounts, BigInteger.valueOf(11))::send);
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, recipients.getFirst()));
        assertFalse(payout.executed(batchId).send());
    }

    @Test
    void malformedBatchesAreRefused() throws Exception {
        // Why: a zero address burns money, a zero amount or an empty list means the service built the batch wrong.
        TestToken token = deployFundedStandardToken();
        String tokenAddress = token.getContractAddress();
        String recipient = freshAddresses(1).getFirst();

        assertReverts(operator, payToken(payout, newBatchId(), tokenAddress, List.of(), List.of()), BigInteger.ZERO,
                BatchPayout.EMPTYBATCH_ERROR);
        assertReverts(operator, payToken(payout, newBatchId(), tokenAddress, List.of(recipient, Address.DEFAULT.getValue()),
                List.of(BigInteger.ONE, BigInteger.ONE)), BigInteger.ZERO, BatchPayout.INVALIDRECIPIENT_ERROR);
        assertReverts(operator, payNative(payout, newBatchId(), List.of(Address.DEFAULT.getValue()), List.of(BigInteger.ONE),
                BigInteger.ONE), BigInteger.ONE, BatchPayout.INVALIDRECIPIENT_ERROR);
        assertReverts(operator, payToken(payout, newBatchId(), tokenAddress, List.of(recipient), List.of(BigInteger.ZERO)),
                BigInteger.ZERO, BatchPayout.ZEROAMOUNT_ERROR);
        assertReverts(operator, payToken(payout, newBatchId(), recipient, List.of(recipient), List.of(BigInteger.ONE)),
                BigInteger.ZERO, BatchPayout.TOKENHASNOCODE_ERROR);
        int maximum = payout.MAX_ITEMS().send().intValueExact();
        List<String> tooMany = new ArrayList<>();
        List<BigInteger> ones = new ArrayList<>();
        for (int i = 0; i <= maximum; i++) {
            tooMany.add(recipient);
            ones.add(BigInteger.ONE);
        }
        assertReverts(operator, payToken(payout, newBatchId(), tokenAddress, tooMany, ones), BigInteger.ZERO,
                BatchPayout.TOOMANYITEMS_ERROR);
    }

    @Test
    void theZeroAddressIsRefusedEvenWithTheLargestAmountAndTheLowestAddressIsPaid() throws Exception {
        // Why: the contract tells a zero recipient by the item word being at most the amount mask; the boundary must hold both ways.
        TestToken token = deployFundedStandardToken();
        String tokenAddress = token.getContractAddress();
        String lowest = "0x0000000000000000000000000000000000000001";

        assertReverts(operator, payToken(payout, newBatchId(), tokenAddress, List.of(freshAddresses(1).getFirst(),
                Address.DEFAULT.getValue()), List.of(BigInteger.ONE, BatchItems.MAX_AMOUNT)), BigInteger.ZERO,
                BatchPayout.INVALIDRECIPIENT_ERROR);
        assertEquals(TOKEN_FUNDING, token.balanceOf(payout.getContractAddress()).send());

        byte[] batchId = newBatchId();
        TransactionReceipt receipt = payToken(payout, batchId, tokenAddress, List.of(lowest), List.of(BigInteger.ONE)).send();
        assertEquals(BigInteger.ONE, token.balanceOf(lowest).send());
        assertBatchPaid(receipt, batchId, tokenAddress, List.of(lowest), List.of(BigInteger.ONE));
    }

    @Test
    void ownerWithdrawsFundsNoBatchWillUseAndNobodyElseCan() throws Exception {
        // Why: a cancelled round's funding must be recoverable, by the cold owner key only.
        TestToken token = deployFundedStandardToken();
        String treasury = freshAddresses(1).getFirst();

        assertReverts(operator, payout.withdraw(token.getContractAddress(), operator.getAddress(), BigInteger.ONE), BigInteger.ZERO,
                BatchPayout.NOTOWNER_ERROR);
        ownerView.withdraw(token.getContractAddress(), treasury, TOKEN_FUNDING).send();

        assertEquals(TOKEN_FUNDING, token.balanceOf(treasury).send());
        assertEquals(BigInteger.ZERO, token.balanceOf(payout.getContractAddress()).send());
    }

    @Test
    void ownershipPassesOnlyWhenTheNewOwnerAccepts() throws Exception {
        // Why: a typo in the new owner's address must not lock the operator and the funds away for good.
        BatchPayout asOutsider = BatchPayout.load(payout.getContractAddress(), web3j, transactions(web3j, outsider), GAS);
        assertReverts(DEVELOPER, ownerView.transferOwnership(Address.DEFAULT.getValue()), BigInteger.ZERO, BatchPayout.ZEROADDRESS_ERROR);
        assertReverts(outsider, asOutsider.transferOwnership(outsider.getAddress()), BigInteger.ZERO, BatchPayout.NOTOWNER_ERROR);

        ownerView.transferOwnership(outsider.getAddress()).send();
        assertReverts(operator, payout.acceptOwnership(), BigInteger.ZERO, BatchPayout.NOTPENDINGOWNER_ERROR);
        assertEquals(DEVELOPER.getAddress().toLowerCase(), ownerView.owner().send().toLowerCase(), "still the owner until accepted");

        asOutsider.acceptOwnership().send();
        assertEquals(outsider.getAddress().toLowerCase(), ownerView.owner().send().toLowerCase());
        assertReverts(DEVELOPER, ownerView.setOperator(DEVELOPER.getAddress()), BigInteger.ZERO, BatchPayout.NOTOWNER_ERROR);
        asOutsider.setOperator(Address.DEFAULT.getValue()).send();
        assertReverts(operator, payNative(payout, newBatchId(), freshAddresses(1), List.of(BigInteger.ONE), BigInteger.ONE),
                BigInteger.ONE, BatchPayout.NOTOPERATOR_ERROR);
    }

    private TestToken deployFundedStandardToken() throws Exception {
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        token.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
        return token;
    }

    private static void assertBatchPaid(TransactionReceipt receipt, byte[] batchId, String token, List<String> recipients,
            List<BigInteger> amounts) {
        List<BatchPayout.BatchPaidEventResponse> events = BatchPayout.getBatchPaidEvents(receipt);
        assertEquals(1, events.size(), "one event per batch");
        BatchPayout.BatchPaidEventResponse event = events.getFirst();
        assertArrayEquals(batchId, event.batchId);
        assertEquals(token.toLowerCase(), event.token.toLowerCase());
        assertArrayEquals(itemsHash(recipients, amounts), event.itemsHash, "keccak256(abi.encodePacked(items))");
        assertEquals(ItemsHash.of(recipients, amounts), Numeric.toHexString(event.itemsHash), "the hash payout-service computes");
        assertEquals(sum(amounts), event.total);
        assertEquals(BigInteger.valueOf(recipients.size()), event.count);
    }

    /** abi.encodePacked(address recipient, uint96 amount) of each payment, built here independently of the service. */
    static List<BigInteger> items(List<String> recipients, List<BigInteger> amounts) {
        assertEquals(recipients.size(), amounts.size());
        List<BigInteger> items = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            byte[] word = new byte[32];
            System.arraycopy(Numeric.hexStringToByteArray(recipients.get(i)), 0, word, 0, 20);
            byte[] amount = Numeric.toBytesPadded(amounts.get(i), 12);
            System.arraycopy(amount, 0, word, 20, 12);
            items.add(new BigInteger(1, word));
        }
        return items;
    }

    /** The items hash BatchPayout emits: keccak256 over the items' 32-byte words in order. */
    static byte[] itemsHash(List<String> recipients, List<BigInteger> amounts) {
        StringBuilder packed = new StringBuilder();
        for (BigInteger item : items(recipients, amounts)) {
            packed.append(Numeric.toHexStringNoPrefixZeroPadded(item, 64));
        }
        return Hash.sha3(Numeric.hexStringToByteArray(packed.toString()));
    }

    private static RemoteFunctionCall<TransactionReceipt> payToken(BatchPayout contract, byte[] batchId, String token,
            List<String> recipients, List<BigInteger> amounts) {
        return contract.payToken(batchId, token, items(recipients, amounts));
    }

    private static RemoteFunctionCall<TransactionReceipt> payNative(BatchPayout contract, byte[] batchId, List<String> recipients,
            List<BigInteger> amounts, BigInteger value) {
        return contract.payNative(batchId, items(recipients, amounts), value);
    }

    private static BigInteger sum(List<BigInteger> amounts) {
        return amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Simulates the call from caller and checks it reverts with exactly the expected custom error. */
    private void assertReverts(Credentials caller, RemoteFunctionCall<TransactionReceipt> call, BigInteger valueWei, CustomError expected)
            throws IOException {
        String revertData = revertData(caller, call, valueWei, expected);
        assertEquals(CustomErrorEncoder.encode(expected).substring(0, 10), revertData.substring(0, 10), "expected " + expected.getName());
    }

    /** Simulates the token batch from caller and checks it reverts with the expected custom error and exactly these arguments. */
    private void assertRevertsWith(Credentials caller, RemoteFunctionCall<TransactionReceipt> call, CustomError expected,
            BigInteger... arguments) throws IOException {
        StringBuilder expectedData = new StringBuilder(CustomErrorEncoder.encode(expected).substring(0, 10));
        for (BigInteger argument : arguments) {
            expectedData.append(Numeric.toHexStringNoPrefixZeroPadded(argument, 64));
        }
        assertEquals(expectedData.toString(), revertData(caller, call, BigInteger.ZERO, expected).toLowerCase(), expected.getName());
    }

    private String revertData(Credentials caller, RemoteFunctionCall<TransactionReceipt> call, BigInteger valueWei, CustomError expected)
            throws IOException {
        EthCall result = web3j.ethCall(Transaction.createFunctionCallTransaction(caller.getAddress(), null, null, GAS_LIMIT,
                payout.getContractAddress(), valueWei, call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
        assertTrue(result.hasError(), "expected a revert with " + expected.getName());
        // web3j keeps the JSON value of error.data as it came, quotes included.
        String revertData = result.getError().getData() == null ? null : result.getError().getData().replace("\"", "");
        assertTrue(revertData != null && revertData.length() >= 10, "revert without error data: " + result.getError().getMessage());
        return revertData;
    }
}
