package dev.restitution.portal.language;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text the portal shows, type-safe: templates write {@code {msg:homeTitle}}, Java code calls
 * {@code messages.homeTitle()}; a template naming a missing message or parameter fails the build. The texts are in
 * {@code messages/msg_en.properties} (English, the default), {@code msg_zh_CN.properties} and {@code msg_es.properties};
 * a message with parameters names them in its text ({@code {name}}).
 */
@MessageBundle(value = "msg", locale = "en")
public interface Messages {

    /** One message per constant: keys {@code lineStatus_CONSTANT}, {@code lineStatus_$CONSTANT} where a constant holds an underscore. */
    @Message
    String lineStatus(dev.restitution.contracts.claims.model.ClaimLine.StatusEnum status);

    /** One message per constant: keys {@code incidentState_CONSTANT}, {@code incidentState_$CONSTANT} where a constant holds an underscore. */
    @Message
    String incidentState(dev.restitution.contracts.ledger.model.IncidentState state);

    @Message
    String layoutSkip();

    @Message
    String layoutMainNav();

    @Message
    String layoutStart();

    @Message
    String layoutReviewQueue();

    @Message
    String layoutAuditLog();

    @Message
    String layoutPayoutBatches();

    @Message
    String layoutDeadLetters();

    @Message
    String layoutTransparency();

    @Message
    String layoutSignOut();

    @Message
    String layoutSignIn();

    @Message
    String layoutLanguage();

    @Message
    String layoutFooter();

    @Message
    String homeTitle();

    @Message
    String homeHello(String name);

    @Message
    String homeYourClaims();

    @Message
    String homeClaimsAccount(String account);

    @Message
    String homeClaimsIntro();

    @Message
    String homeNoClaimable();

    @Message
    String homeBreachAt(String time);

    @Message
    String homeDisputes();

    @Message
    String homeDisputesHtml();

    @Message
    String homeDeadLettersHtml();

    @Message
    String homeIncidents();

    @Message
    String homeIncidentsCaption();

    @Message
    String homeIncident();

    @Message
    String homeState();

    @Message
    String homeAssets();

    @Message
    String homeOpen();

    @Message
    String homeRecoveries();

    @Message
    String homeReconciliation();

    @Message
    String homeRounds();

    @Message
    String homeNothingForRole();

    @Message
    String homeTransparencyHtml();

    @Message
    String signedOutTitle();

    @Message
    String signedOutHeading();

    @Message
    String signedOutText();

    @Message
    String signedOutSignInAgain();

    @Message
    String errorStatus(Object status);

    @Message
    String errorGoBack();

    @Message
    String errorStartPage();

    @Message
    String errorFormNotAccepted();

    @Message
    String errorServiceRefused(String service);

    @Message
    String errorNotFound();

    @Message
    String errorNothingChanged();

    @Message
    String errorUnreachable(String service);

    @Message
    String errorTryAgain();

    @Message
    String errorPageNotFound();

    @Message
    String errorPageNotFoundText();

    @Message
    String errorWrongMethod();

    @Message
    String errorWrongMethodText();

    @Message
    String errorRequestNotAccepted();

    @Message
    String errorRequestNotAcceptedText();

    @Message
    String errorInvalidInput();

    @Message
    String errorUnexpected();

    @Message
    String errorUnexpectedText(String errorId);

    @Message
    String errorCsrf();

    @Message
    String errorCsrfText();

    @Message
    String colAsset();

    @Message
    String colChain();

    @Message
    String colPaid();

    @Message
    String colTransaction();

    @Message
    String colBlock();

    @Message
    String colAtBreach();

    @Message
    String colYouClaim();

    @Message
    String colApproved();

    @Message
    String colState();

    @Message
    String colFile();

    @Message
    String colType();

    @Message
    String colSize();

    @Message
    String colUploaded();

    @Message
    String colContract();

    @Message
    String colBalanceAtBreach();

    @Message
    String colSmallestUnits();

    @Message
    String colBreachCutoff();

    @Message
    String colRows();

    @Message
    String colTotal();

    @Message
    String colTokenContract();

    @Message
    String colDecimals();

    @Message
    String colCaip19();

    @Message
    String colRecovered();

    @Message
    String colFrozenPending();

    @Message
    String colReleased();

    @Message
    String colTreasury();

    @Message
    String colInsurance();

    @Message
    String colCounterparties();

    @Message
    String colCoverage();

    @Message
    String colEntitledInRound();

    @Message
    String colEntitlements();

    @Message
    String colPayments();

    @Message
    String smallestUnits(String amount);

    @Message
    String previousPage();

    @Message
    String nextPage();

    @Message
    String backToClaim();

    @Message
    String claimTitle();

    @Message
    String claimWhere();

    @Message
    String claimProgress();

    @Message
    String claimStepAccept();

    @Message
    String claimStepVerification();

    @Message
    String claimStepApproved();

    @Message
    String claimStepPaid();

    @Message
    String claimNextHeading();

    @Message
    String claimPayments();

    @Message
    String claimPaymentsCaption();

    @Message
    String claimRejectionWhy();

    @Message
    String claimSupportAsks();

    @Message
    String claimAskedBy(String username, String time);

    @Message
    String claimYourAnswer();

    @Message
    String claimSendAnswer();

    @Message
    String claimLines();

    @Message
    String claimLinesCaption();

    @Message
    String claimAcceptLabel(String asset, String amount);

    @Message
    String claimAccept();

    @Message
    String claimChangeDisputeLabel(String asset);

    @Message
    String claimDisputeLabel(String asset, String amount);

    @Message
    String claimChangeDispute();

    @Message
    String claimDispute();

    @Message
    String claimWhereToPay();

    @Message
    String claimNoAddress();

    @Message
    String claimAddressChain(String chainId);

    @Message
    String claimAddressProven(String time);

    @Message
    String claimAddAddress(String chainId);

    @Message
    String claimSubmit();

    @Message
    String claimSubmitButton();

    @Message
    String claimSubmitFirst();

    @Message
    String claimEvidence();

    @Message
    String claimNoEvidence();

    @Message
    String claimEvidenceCaption();

    @Message
    String claimBytes(String size);

    @Message
    String claimFileToAdd();

    @Message
    String claimWhichBalance();

    @Message
    String claimWholeClaim();

    @Message
    String claimAssetOnChain(String asset, String chainId);

    @Message
    String claimUpload();

    @Message
    String claimQuestions();

    @Message
    String claimYourAnswerWas();

    @Message
    String claimWaitingAnswer();

    @Message
    String claimWithdraw();

    @Message
    String claimWithdrawFinal();

    @Message
    String claimWithdrawWhy();

    @Message
    String claimWithdrawButton();

    @Message
    String statusDraft();

    @Message
    String statusSubmitted();

    @Message
    String statusUnderReview();

    @Message
    String statusPendingSecondApproval();

    @Message
    String statusNeedsInfo();

    @Message
    String statusRejected();

    @Message
    String statusWithdrawn();

    @Message
    String statusPaid();

    @Message
    String statusApproved();

    @Message
    String statusNextCheckBalances(String count);

    @Message
    String statusNextDisputedOne();

    @Message
    String statusNextDisputedMany(String count);

    @Message
    String statusNextAddress();

    @Message
    String statusNextSubmit();

    @Message
    String statusNextKycDone();

    @Message
    String statusNextKycWaiting();

    @Message
    String statusNextRoundDecides();

    @Message
    String statusNextReview();

    @Message
    String statusNextReviewMeanwhile();

    @Message
    String statusNextSecondApproval();

    @Message
    String statusNextChangeSendsBack();

    @Message
    String statusNextAnswer();

    @Message
    String statusNextRejected();

    @Message
    String statusNextRejectedBecause(String reason);

    @Message
    String statusNextWithdrawn();

    @Message
    String statusNextPaymentsOnChain();

    @Message
    String statusNextLaterRounds();

    @Message
    String statusNextApproved();

    @Message
    String statusNextPaymentSent();

    @Message
    String statusNextUnknown(String state);

    @Message
    String addressTitle(String chainId);

    @Message
    String addressIntro(String chainId);

    @Message
    String addressLabel(String chainId);

    @Message
    String addressHelp();

    @Message
    String addressShowMessage();

    @Message
    String addressWalletAvailable();

    @Message
    String addressWalletRefused();

    @Message
    String addressSignWithWallet();

    @Message
    String addressSignature();

    @Message
    String addressSignatureHelp();

    @Message
    String addressValidity(String minutes, String seconds);

    @Message
    String addressProve();

    @Message
    String typedDataSign();

    @Message
    String typedDataNotAnAddress();

    @Message
    String typedDataEnterAddress();

    @Message
    String openHeading();

    @Message
    String openText();

    @Message
    String openButton();

    @Message
    String disputeTitle(String asset);

    @Message
    String disputeRecorded();

    @Message
    String disputeClaimNow();

    @Message
    String disputeIntro();

    @Message
    String disputeChangeRecorded();

    @Message
    String disputeAmountLabel(String asset);

    @Message
    String disputeAmountHelp(String asset, String decimals);

    @Message
    String disputeWhyLabel();

    @Message
    String disputeSave();

    @Message
    String balancesHeading();

    @Message
    String balancesIntroHtml();

    @Message
    String balancesCaption(String account);

    @Message
    String balancesSnapshotRoot();

    @Message
    String balancesCommitted();

    @Message
    String balancesCompare();

    @Message
    String balancesNotCommitted();

    @Message
    String balancesDownload();

    @Message
    String balancesCheck();

    @Message
    String balancesHowTo();

    @Message
    String balancesHowTo1();

    @Message
    String balancesHowTo2Html();

    @Message
    String balancesHowTo3();

    @Message
    String balancesNotSealed();

    @Message
    String commitmentId();

    @Message
    String commitmentPendingSeal();

    @Message
    String commitmentPendingApproval();

    @Message
    String transparencyWhat();

    @Message
    String transparencyWhatText();

    @Message
    String transparencyNoSignIn();

    @Message
    String transparencyNoIncident();

    @Message
    String transparencyIncidentsCaption();

    @Message
    String transparencyFigures();

    @Message
    String transparencyIncidentTitle(String title);

    @Message
    String transparencyAllIncidents();

    @Message
    String transparencyBreachAt(String time);

    @Message
    String transparencyDownloadJson();

    @Message
    String transparencyHowToCheck();

    @Message
    String transparencyHowToCheckText();

    @Message
    String transparencyAsOf(String time);

    @Message
    String transparencySnapshot();

    @Message
    String transparencyMerkleRoot();

    @Message
    String transparencySealed();

    @Message
    String transparencySnapshotCaption();

    @Message
    String transparencyRootCommitment();

    @Message
    String transparencyNotSealed();

    @Message
    String transparencyAssetsCaption();

    @Message
    String transparencyNativeCoin();

    @Message
    String transparencyRecoveriesCaption();

    @Message
    String transparencyRounds();

    @Message
    String transparencyNoRound();

    @Message
    String transparencyRound(String number);

    @Message
    String transparencyApprovedAt(String time);

    @Message
    String transparencyRoundCaption(String number);

    @Message
    String transparencyEntitlementRoot();

    @Message
    String transparencyRoundCommitment(String number);

    @Message
    String transparencyFirstRounds(String shown, String total);

    @Message
    String transparencyPayouts();

    @Message
    String transparencyNoPayout();

    @Message
    String transparencyPayoutPage(String total, String page, String pages);

    @Message
    String transparencyPayoutsCaption();

    @Message
    String transparencyPayoutPages();

    @Message
    String transparencyConsistent();

    @Message
    String transparencyConsistentText();

    @Message
    String transparencyDifferences();

    @Message
    String transparencyDifferencesText();

    @Message
    String transparencyChecked(String time);

    @Message
    String verifyTitle();

    @Message
    String verifyHeading();

    @Message
    String verifyWhy();

    @Message
    String verifyWhyText();

    @Message
    String verifyInBrowser();

    @Message
    String verifyOnlyRpc();

    @Message
    String verifySourcesHtml();

    @Message
    String verifyCommandLine();

    @Message
    String verifyStep1();

    @Message
    String verifyRpcUrl();

    @Message
    String verifyRpcHelp();

    @Message
    String verifyUseRpc();

    @Message
    String verifyMayConnect();

    @Message
    String verifyConnectNowhere();

    @Message
    String verifyStep2();

    @Message
    String verifyProofFile();

    @Message
    String verifyCheckButton();

    @Message
    String verifyNeedsRpc();

    @Message
    String verifyFindings();

    @Message
    String verifyFindingsInEnglish();

    @Message
    String verifyJsPassed();

    @Message
    String verifyJsFailed();

    @Message
    String verifyJsUnchecked();

    @Message
    String verifyJsStated();

    @Message
    String verifyJsFromChain();

    @Message
    String verifyJsFromExchange();

    @Message
    String verifyJsComputedHere();

    @Message
    String verifyJsChooseFile();

    @Message
    String verifyJsUnreadable();

    @Message
    String verifyJsChecking();

    @Message
    String verifyJsAllPassed();

    @Message
    String verifyJsOneFailed();

    @Message
    String verifyJsSomeFailed();

    @Message
    String verifyJsSomeUnchecked();

    @Message
    String verifyJsStopped();
}
