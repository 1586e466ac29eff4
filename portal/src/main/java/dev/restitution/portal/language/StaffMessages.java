package dev.restitution.portal.language;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the staff pages (finance, payout batches, support, audit log, dead letters), type-safe like
 * {@link Messages}: templates write {@code {staff:navRounds}}. A second bundle keeps each under the size rule; its texts
 * are in {@code messages/staff_en.properties} (English, the default), {@code staff_zh_CN.properties} and
 * {@code staff_es.properties}, picked by the same request language. Parameters are {@code Object}: templates pass
 * numbers, names and times alike.
 */
@MessageBundle(value = "staff", locale = "en")
public interface StaffMessages {

    @Message String subjectId();
    @Message String subjectIdOf(Object subjectId);
    @Message String wordTransaction();
    @Message String reject();
    @Message String colAsset();
    @Message String colAvailable();
    @Message String colOutstanding();
    @Message String colCoverage();
    @Message String colApproved();
    @Message String colEntitled();
    @Message String colPaid();
    @Message String colDust();
    @Message String colSnapshotTotal();
    @Message String colDebitsCredits();
    @Message String colWhat();
    @Message String colAmount();
    @Message String colStatus();
    @Message String colDetail();
    @Message String colAvailableShare();
    @Message String colFrozenPending();
    @Message String colReleased();
    @Message String colRecoveredOnChain();
    @Message String colRecovered();
    @Message String colTreasury();
    @Message String colInsurance();
    @Message String colReason();
    @Message String colBooked();
    @Message String colDebitCredit();
    @Message String colAccounts();
    @Message String colAmountUnits();
    @Message String colBy();
    @Message String colWithheld();
    @Message String colTotalEntitled();
    @Message String colClaimLines();
    @Message String colPaidInFull();
    @Message String navIncident();
    @Message String navRecoveries();
    @Message String navReconciliation();
    @Message String navRounds();
    @Message String navBatches();
    @Message String navTransparency();
    @Message String reconConsistent();
    @Message String reconConsistentText();
    @Message String reconDifferences();
    @Message String reconDifferencesText();
    @Message String reconGenerated(Object time);
    @Message String reconCaption();
    @Message String reconBalanced();
    @Message String reconUnbalanced(Object debits, Object credits);
    @Message String reconOnChain();
    @Message String reconOnChainHtml();
    @Message String reconOnChainCaption();
    @Message String reconTokenContract();
    @Message String reconRecovery();
    @Message String reconOnChainId(Object chainId);
    @Message String recCoverage();
    @Message String recCoverageText();
    @Message String recChart();
    @Message String recCoverageCaption();
    @Message String recMovements();
    @Message String recMovementsCaption();
    @Message String recRecord();
    @Message String recRecordText();
    @Message String recKind();
    @Message String recAmountUnits();
    @Message String recCounterparty();
    @Message String recTxHash();
    @Message String recRecordButton();
    @Message String recTransfers();
    @Message String recTransfersCaption(Object shown, Object total);
    @Message String roundsPropose();
    @Message String roundsProposeText();
    @Message String roundsNote();
    @Message String roundsSnapshotOnChain();
    @Message String roundsSnapshotRoot();
    @Message String roundsCommittedIn();
    @Message String roundsBlockOfChain(Object block, Object chainId);
    @Message String roundsContract();
    @Message String roundsSnapshotNotYet();
    @Message String roundsCompare();
    @Message String roundsTransparencyLink();
    @Message String roundsSplitView();
    @Message String roundsList();
    @Message String roundsNone();
    @Message String roundNumber(Object number);
    @Message String roundsCommitmentTitle(Object txHash, Object block);
    @Message String roundsCommitted();
    @Message String roundsNotCommitted();
    @Message String roundsProposedBy(Object name, Object time);
    @Message String roundsDecidedBy(Object name);
    @Message String roundPays();
    @Message String roundProposedBy();
    @Message String roundByAt(Object name, Object time);
    @Message String roundByYouAt(Object name, Object time);
    @Message String roundNote();
    @Message String roundPlanDigest();
    @Message String roundDecidedBy();
    @Message String roundEntitlementRoot();
    @Message String roundCommitment();
    @Message String roundInBlockOfChain(Object block, Object chainId);
    @Message String roundNotYetCommitted();
    @Message String roundCaption();
    @Message String roundWithheldTitle();
    @Message String roundDecide();
    @Message String roundOwnProposal();
    @Message String roundOnlyApprover();
    @Message String roundWhyApprove();
    @Message String roundApprove(Object number, Object digest);
    @Message String roundWhyReject();
}
