// Checks a claimant's proof file (format restitution-proof/1, contracts/docs/verification.md) against the chain.
// Shared by the portal's /verify page (bundled with esbuild, runs in the browser) and the auditors' command line
// (cli.mjs). It talks to nothing but the one RPC URL it is given.
//
// Every finding says where its fact came from:
//   'chain'    read from the chain through the RPC (the exchange cannot change it),
//   'exchange' stated by the exchange in the file (nothing here can check it),
//   'file'     computed here from the file alone (e.g. a Merkle proof leads to a root).
// and its outcome: 'pass', 'fail' (a check that failed), 'unchecked' (could not be checked, says why), or 'info'
// (what the exchange states, which the checks after it confirm or refute).
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  createPublicClient, http, parseAbi, decodeEventLog, decodeFunctionData, encodeAbiParameters, encodePacked,
  keccak256, concat, toBytes, toHex, getAddress, isAddress, toEventSelector, formatUnits,
} from 'viem';

export const FORMAT = 'restitution-proof/1';

/** CommitmentRegistry (contracts/solidity/CommitmentRegistry.sol): what the verifier reads of it. */
export const COMMITMENT_REGISTRY_ABI = parseAbi([
  'function commitments(bytes32 id) view returns (bytes32)',
  'event SnapshotCommitted(bytes16 indexed incidentId, bytes32 root, uint64 rowCount, bytes32 totalsHash, uint64 cutoff)',
  'event RoundCommitted(bytes16 indexed incidentId, uint32 indexed roundNumber, bytes16 roundId, bytes32 entitlementRoot, bytes32 totalsHash)',
]);

/** BatchPayout (contracts/solidity/BatchPayout.sol): native-coin batches and their event. */
export const BATCH_PAYOUT_ABI = parseAbi([
  'function payNative(bytes32 batchId, uint256[] items) payable',
  'function payToken(bytes32 batchId, address token, uint256[] items)',
  'event BatchPaid(bytes32 indexed batchId, address indexed token, bytes32 itemsHash, uint256 total, uint256 count)',
]);

const ERC20_TRANSFER_ABI = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)']);
const TRANSFER_TOPIC = toEventSelector('Transfer(address,address,uint256)');
const BATCH_PAID_TOPIC = toEventSelector('BatchPaid(bytes32,address,bytes32,uint256,uint256)');
const SNAPSHOT_COMMITTED_TOPIC = toEventSelector('SnapshotCommitted(bytes16,bytes32,uint64,bytes32,uint64)');
const ROUND_COMMITTED_TOPIC = toEventSelector('RoundCommitted(bytes16,uint32,bytes16,bytes32,bytes32)');
const AMOUNT_MASK = (1n << 96n) - 1n;
const DIGITS = /^[0-9]{1,78}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID as the contract takes it: its 16 bytes, most significant first. */
export function uuidBytes16(uuid) {
  if (!UUID.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  return `0x${uuid.replaceAll('-', '')}`;
}

/** keccak256(abi.encode(uint8(1), incidentId)): the snapshot's commitment id. */
export function snapshotCommitmentId(incidentId) {
  return keccak256(encodeAbiParameters([{ type: 'uint8' }, { type: 'bytes16' }], [1, uuidBytes16(incidentId)]));
}

/** keccak256(abi.encode(uint8(2), incidentId, roundNumber)): a round's commitment id. */
export function roundCommitmentId(incidentId, roundNumber) {
  return keccak256(encodeAbiParameters([{ type: 'uint8' }, { type: 'bytes16' }, { type: 'uint32' }],
    [2, uuidBytes16(incidentId), roundNumber]));
}

/** keccak256(salt ++ utf8(accountId)): the account as a leaf names it. */
export function accountCommitment(salt, accountId) {
  return keccak256(concat([toBytes(salt), toBytes(accountId)]));
}

/** Reads the file's JSON; a file that is no proof file is refused with the reason. */
export function parseProofFile(text) {
  let proof;
  try {
    proof = JSON.parse(text);
  } catch (error) {
    throw new Error(`the file is not JSON: ${error.message}`);
  }
  if (proof === null || typeof proof !== 'object' || proof.format !== FORMAT) {
    throw new Error(`the file is not a proof file of format ${FORMAT} (its "format" is ${JSON.stringify(proof?.format)})`);
  }
  for (const field of ['incidentId', 'snapshot', 'rounds', 'payments']) {
    if (proof[field] === undefined) throw new Error(`the proof file has no "${field}"`);
  }
  return proof;
}

/**
 * Checks everything the file claims that can be checked; reports each finding through onFinding as it is made
 * and answers them all. rpcUrl: the RPC of the chain the commitments are on.
 */
export async function verifyProof(proof, { rpcUrl, onFinding = () => {} }) {
  const findings = [];
  const report = (outcome, source, text) => {
    const finding = { outcome, source, text };
    findings.push(finding);
    onFinding(finding);
    return outcome === 'pass';
  };
  report('info', 'exchange', `The file is the exchange's proof for incident ${proof.incidentId}`
    + `${proof.title ? ` (“${proof.title}”)` : ''}${proof.accountId ? `, account ${proof.accountId}` : ''}`
    + `, downloaded ${proof.downloadedAt ?? 'at an unknown time'}.`);
  checkBalanceProof(proof, report);
  for (const round of proof.rounds) checkEntitlementProof(proof, round, report);

  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 20_000 }) });
  let chainId;
  try {
    chainId = await client.getChainId();
    report('pass', 'chain', `The RPC answers for chain ${chainId}.`);
  } catch (error) {
    report('fail', 'chain', `The RPC at ${rpcUrl} did not answer: ${shortError(error)}. Nothing was checked on-chain.`);
    return findings;
  }
  const chain = { client, chainId };
  await checkSnapshotCommitment(proof, chain, report);
  for (const round of proof.rounds) await checkRoundCommitment(proof, round, chain, report);
  await checkPayments(proof, chain, report);
  return findings;
}

/** The outcome of all findings: 'fail' if any failed, 'unchecked' if any could not be checked, else 'pass' ('info' counts for neither). */
export function overall(findings) {
  if (findings.some((finding) => finding.outcome === 'fail')) return 'fail';
  if (findings.some((finding) => finding.outcome === 'unchecked')) return 'unchecked';
  return 'pass';
}

function checkBalanceProof(proof, report) {
  const snapshot = proof.snapshot;
  const encoding = snapshot.leafEncoding;
  report('info', 'exchange', `The exchange says the snapshot root is ${snapshot.merkleRoot} and your balances are `
    + `${snapshot.entries.map((entry) => units(entry.amount, entry.decimals, entry.asset)).join(', ') || 'none'}.`);
  for (const entry of snapshot.entries) {
    const what = `Balance ${units(entry.amount, entry.decimals, entry.asset)}`;
    if (proof.accountId && encoding[0] === 'bytes32'
        && accountCommitment(entry.salt, proof.accountId) !== entry.accountCommitment) {
      report('fail', 'file', `${what}: its account commitment is not keccak256(salt ++ "${proof.accountId}"): the row is not your account's.`);
      continue;
    }
    // The leaf is rebuilt from the row's facts, not copied: leaf format 1 names the symbol, 2 the CAIP-19 id.
    const leaf = [encoding[0] === 'bytes32' ? entry.accountCommitment : entry.leaf[0],
      snapshot.leafFormat === 1 ? entry.asset : entry.assetId, entry.amount];
    const verifies = merkleVerifies(snapshot.merkleRoot, encoding, leaf, entry.proof);
    report(verifies ? 'pass' : 'fail', 'file', verifies
        ? `${what}: its Merkle proof leads to the snapshot root ${snapshot.merkleRoot}.`
        : `${what}: its Merkle proof does NOT lead to the snapshot root ${snapshot.merkleRoot}: the amount or the proof was changed, or the row is not in that snapshot.`);
  }
}

function checkEntitlementProof(proof, round, report) {
  const encoding = round.leafEncoding;
  for (const entry of round.entries) {
    const what = `Round ${round.roundNumber}: entitled to ${units(entry.cumulativeAmount, entry.decimals, entry.assetSymbol)} in all`;
    if (proof.accountId && encoding[0] === 'bytes32'
        && accountCommitment(entry.salt, proof.accountId) !== entry.accountCommitment) {
      report('fail', 'file', `${what}: its account commitment is not keccak256(salt ++ "${proof.accountId}"): the entitlement is not your account's.`);
      continue;
    }
    const leaf = [encoding[0] === 'bytes32' ? entry.accountCommitment : entry.leaf[0], entry.assetId, entry.cumulativeAmount];
    const verifies = merkleVerifies(round.entitlementRoot, encoding, leaf, entry.proof);
    report(verifies ? 'pass' : 'fail', 'file', verifies
      ? `${what}, ${wholeUnits(entry.amount, entry.decimals)} ${entry.assetSymbol} of it in this round: its Merkle proof leads to the round's entitlement root ${round.entitlementRoot}.`
      : `${what}: its Merkle proof does NOT lead to the round's entitlement root ${round.entitlementRoot}: the amount or the proof was changed.`);
  }
}

function merkleVerifies(root, encoding, leaf, proof) {
  try {
    return StandardMerkleTree.verify(root, encoding, leaf, proof);
  } catch {
    return false;
  }
}

async function checkSnapshotCommitment(proof, chain, report) {
  const commitment = proof.snapshot.commitment;
  if (!commitment) {
    report('unchecked', 'exchange', 'The exchange has not published the snapshot root on-chain yet (the file names no commitment): '
      + 'its root cannot be compared with one the exchange cannot change. Download the file again later.');
    return;
  }
  const expectedId = snapshotCommitmentId(proof.incidentId);
  const event = await committedEvent(commitment, chain, expectedId, SNAPSHOT_COMMITTED_TOPIC, 'SnapshotCommitted', report,
    (args) => args.incidentId === uuidBytes16(proof.incidentId), `the snapshot of incident ${proof.incidentId}`);
  if (!event) return;
  const stored = await storedCommitment(commitment, chain, expectedId, report);
  if (stored === undefined) return;
  const { root, rowCount, totalsHash, cutoff } = event;
  const hash = keccak256(encodeAbiParameters(
    [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'uint64' }], [root, rowCount, totalsHash, cutoff]));
  if (stored !== hash) {
    report('fail', 'chain', `The contract holds ${stored} for commitment ${expectedId}, not the hash of the event's fields (${hash}): `
      + 'the transaction is not the incident\'s commitment on record.');
    return;
  }
  report('pass', 'chain', `The contract's record for the snapshot (commitment ${expectedId}) is keccak256(abi.encode(root, rowCount, totalsHash, cutoff)) `
    + `of that event: root ${root}, ${rowCount} rows, totals hash ${totalsHash}, cutoff ${new Date(Number(cutoff) * 1000).toISOString()}.`);
  if (root.toLowerCase() === proof.snapshot.merkleRoot.toLowerCase()) {
    report('pass', 'chain', `The snapshot root committed on-chain equals the root of your balance proof (${root}).`);
  } else {
    report('fail', 'chain', `The snapshot root committed on-chain is ${root}, but your balance proof is for the root ${proof.snapshot.merkleRoot}. `
      + 'The exchange showed you a different snapshot than the one it committed to publicly (a split view): do not rely on these balances, '
      + 'and report this.');
  }
}

async function checkRoundCommitment(proof, round, chain, report) {
  const commitment = round.commitment;
  if (!commitment) {
    report('unchecked', 'exchange', `Round ${round.roundNumber}: the exchange has not published its entitlement root on-chain yet `
      + '(nothing of the round is paid before it does). Download the file again later.');
    return;
  }
  const expectedId = roundCommitmentId(proof.incidentId, round.roundNumber);
  const event = await committedEvent(commitment, chain, expectedId, ROUND_COMMITTED_TOPIC, 'RoundCommitted', report,
    (args) => args.incidentId === uuidBytes16(proof.incidentId) && args.roundNumber === round.roundNumber,
    `round ${round.roundNumber} of incident ${proof.incidentId}`);
  if (!event) return;
  const stored = await storedCommitment(commitment, chain, expectedId, report);
  if (stored === undefined) return;
  const { roundId, entitlementRoot, totalsHash } = event;
  const hash = keccak256(encodeAbiParameters([{ type: 'bytes16' }, { type: 'bytes32' }, { type: 'bytes32' }],
    [roundId, entitlementRoot, totalsHash]));
  if (stored !== hash) {
    report('fail', 'chain', `Round ${round.roundNumber}: the contract holds ${stored} for commitment ${expectedId}, not the hash of the event's fields (${hash}).`);
    return;
  }
  report('pass', 'chain', `Round ${round.roundNumber}: the contract's record (commitment ${expectedId}) is keccak256(abi.encode(roundId, entitlementRoot, totalsHash)) `
    + `of that event: entitlement root ${entitlementRoot}, totals hash ${totalsHash}.`);
  if (roundId !== uuidBytes16(round.roundId)) {
    report('fail', 'chain', `Round ${round.roundNumber}: the round committed on-chain is ${roundId}, not the round ${round.roundId} of your file.`);
  }
  if (entitlementRoot.toLowerCase() === round.entitlementRoot.toLowerCase()) {
    report('pass', 'chain', `Round ${round.roundNumber}: the entitlement root committed on-chain equals the root of your entitlement proof (${entitlementRoot}).`);
  } else {
    report('fail', 'chain', `Round ${round.roundNumber}: the entitlement root committed on-chain is ${entitlementRoot}, but your entitlement proof is for `
      + `the root ${round.entitlementRoot}. The exchange showed you different entitlements than the ones it committed to publicly (a split view).`);
  }
}

/**
 * The commitment's event as its transaction's receipt holds it (from the named contract, about the expected subject),
 * or undefined after reporting why not.
 */
async function committedEvent(commitment, chain, expectedId, topic, eventName, report, about, subject) {
  report('info', 'exchange', `The exchange says ${subject} was committed by transaction ${commitment.txHash} (block ${commitment.blockNumber}) `
    + `of contract ${commitment.contract} on chain ${commitment.chainId}, commitment id ${commitment.commitmentId}. `
    + 'Compare the contract with the one the exchange publishes on its transparency page.');
  if (commitment.chainId !== chain.chainId) {
    report('unchecked', 'chain', `The commitment is on chain ${commitment.chainId}, but the RPC serves chain ${chain.chainId}: give an RPC of chain ${commitment.chainId}.`);
    return undefined;
  }
  if (commitment.commitmentId !== expectedId) {
    report('fail', 'file', `The file's commitment id ${commitment.commitmentId} is not the id of ${subject} (${expectedId}).`);
    return undefined;
  }
  let receipt;
  try {
    receipt = await chain.client.getTransactionReceipt({ hash: commitment.txHash });
  } catch (error) {
    report('fail', 'chain', `The chain does not know the commitment transaction ${commitment.txHash}: ${shortError(error)}.`);
    return undefined;
  }
  if (receipt.status !== 'success') {
    report('fail', 'chain', `The commitment transaction ${commitment.txHash} reverted.`);
    return undefined;
  }
  const logs = receipt.logs.filter((log) => log.address.toLowerCase() === commitment.contract.toLowerCase() && log.topics[0] === topic);
  const events = logs.map((log) => decodeEventLog({ abi: COMMITMENT_REGISTRY_ABI, data: log.data, topics: log.topics }).args).filter(about);
  if (events.length !== 1) {
    report('fail', 'chain', `Transaction ${commitment.txHash} emitted no ${eventName} event of ${subject} from contract ${commitment.contract}.`);
    return undefined;
  }
  report('pass', 'chain', `Transaction ${commitment.txHash} was mined in block ${receipt.blockNumber} and emitted ${eventName} for ${subject} from contract ${commitment.contract}.`);
  return events[0];
}

/** commitments(id) read from the contract now, or undefined after reporting why not. */
async function storedCommitment(commitment, chain, id, report) {
  try {
    return await chain.client.readContract({
      address: getAddress(commitment.contract), abi: COMMITMENT_REGISTRY_ABI, functionName: 'commitments', args: [id],
    });
  } catch (error) {
    report('fail', 'chain', `Reading commitments(${id}) from contract ${commitment.contract} failed: ${shortError(error)}.`);
    return undefined;
  }
}

async function checkPayments(proof, chain, report) {
  if (proof.payments.length === 0) {
    report('info', 'exchange', 'The exchange lists no payment to you yet.');
    return;
  }
  // Payments of one transaction are matched against its transfers together: each transfer pays one payment.
  const byTransaction = new Map();
  for (const payment of proof.payments) {
    const key = `${payment.chainId}:${payment.txHash}`;
    if (!byTransaction.has(key)) byTransaction.set(key, []);
    byTransaction.get(key).push(payment);
  }
  const assets = assetsOf(proof);
  for (const payments of byTransaction.values()) {
    await checkTransaction(payments, assets, chain, report);
  }
}

/** Symbol and decimals per entitlement id and per CAIP-19 asset id, as the file's entitlements name them. */
function assetsOf(proof) {
  const byEntitlement = new Map();
  const byAsset = new Map();
  for (const round of proof.rounds) {
    for (const entry of round.entries) {
      const asset = { symbol: entry.assetSymbol, decimals: entry.decimals };
      byEntitlement.set(entry.entitlementId, asset);
      byAsset.set(entry.assetId, asset);
    }
  }
  return (payment) => byEntitlement.get(payment.entitlementId) ?? byAsset.get(payment.asset);
}

async function checkTransaction(payments, assets, chain, report) {
  const { chainId, txHash } = payments[0];
  const paid = (payment, amount) => {
    const asset = assets(payment);
    return asset && DIGITS.test(String(amount))
      ? `${formatUnits(BigInt(amount), asset.decimals)} ${asset.symbol} (${amount} of ${payment.asset})`
      : `${amount} of ${payment.asset}`;
  };
  for (const payment of payments) {
    report('info', 'exchange', `The exchange says transaction ${txHash} on chain ${chainId} paid ${paid(payment, payment.amount)} `
      + `to ${payment.recipient} (entitlement ${payment.entitlementId}, batch ${payment.batchId}).`);
  }
  if (chainId !== chain.chainId) {
    report('unchecked', 'chain', `Transaction ${txHash} is on chain ${chainId}, but the RPC serves chain ${chain.chainId}: give an RPC of chain ${chainId} to check it.`);
    return;
  }
  let transaction;
  let receipt;
  try {
    [transaction, receipt] = await Promise.all([chain.client.getTransaction({ hash: txHash }),
      chain.client.getTransactionReceipt({ hash: txHash })]);
  } catch (error) {
    report('fail', 'chain', `The chain does not know the payment transaction ${txHash}: ${shortError(error)}.`);
    return;
  }
  if (receipt.status !== 'success') {
    report('fail', 'chain', `The payment transaction ${txHash} reverted: it paid nobody.`);
    return;
  }
  const transfers = paidTransfers(transaction, receipt);
  for (const payment of payments) {
    const what = `${paid(payment, payment.amount)} to ${payment.recipient}`;
    const asset = parseAsset(payment.asset, chainId);
    if (!asset || !isAddress(payment.recipient) || !DIGITS.test(payment.amount)) {
      report('fail', 'file', `The payment of ${what} in ${txHash} names an asset, address or amount the verifier cannot read.`);
      continue;
    }
    const index = transfers.findIndex((transfer) => transfer.token === asset.token
      && transfer.to === payment.recipient.toLowerCase() && transfer.amount === BigInt(payment.amount));
    if (index >= 0) {
      const [transfer] = transfers.splice(index, 1);
      report('pass', 'chain', `Transaction ${txHash} (block ${receipt.blockNumber}) paid ${what}: ${transfer.how}.`);
    } else {
      const toRecipient = transfers.filter((transfer) => transfer.to === payment.recipient.toLowerCase() && transfer.token === asset.token);
      report('fail', 'chain', `Transaction ${txHash} did NOT pay ${what}`
        + (toRecipient.length ? ` (it paid that address ${toRecipient.map((transfer) => paid(payment, transfer.amount)).join(', ')} instead).`
          : ': it paid that address nothing of that asset.'));
    }
  }
}

/** What a successful transaction paid, each {token (lowercase, or 'native'), to (lowercase), amount, how}. */
function paidTransfers(transaction, receipt) {
  const transfers = [];
  for (const log of receipt.logs) {
    if (log.topics[0] !== TRANSFER_TOPIC || log.topics.length !== 3) continue;
    const { args } = decodeEventLog({ abi: ERC20_TRANSFER_ABI, data: log.data, topics: log.topics });
    transfers.push({ token: log.address.toLowerCase(), to: args.to.toLowerCase(), amount: args.value,
      how: `a Transfer event of token ${log.address}` });
  }
  if (transaction.value > 0n && transaction.to && transaction.input === '0x') {
    transfers.push({ token: 'native', to: transaction.to.toLowerCase(), amount: transaction.value, how: 'a plain transfer of the native coin' });
  }
  transfers.push(...batchPayoutNative(transaction, receipt));
  return transfers;
}

/** The items of a BatchPayout payNative call that its successful receipt's BatchPaid event confirms. */
function batchPayoutNative(transaction, receipt) {
  let call;
  try {
    call = decodeFunctionData({ abi: BATCH_PAYOUT_ABI, data: transaction.input });
  } catch {
    return [];
  }
  if (call.functionName !== 'payNative') return [];
  const [batchId, items] = call.args;
  const itemsHash = keccak256(encodePacked(items.map(() => 'uint256'), items));
  const total = items.reduce((sum, item) => sum + (item & AMOUNT_MASK), 0n);
  const confirmed = receipt.logs.some((log) => log.address.toLowerCase() === transaction.to.toLowerCase()
    && log.topics[0] === BATCH_PAID_TOPIC && log.topics[1] === batchId && BigInt(log.topics[2]) === 0n
    && (() => {
      const { args } = decodeEventLog({ abi: BATCH_PAYOUT_ABI, data: log.data, topics: log.topics });
      return args.itemsHash === itemsHash && args.total === total && args.total === transaction.value
        && args.count === BigInt(items.length);
    })());
  if (!confirmed) return [];
  return items.map((item) => ({
    token: 'native', to: toHex(item >> 96n, { size: 20 }).toLowerCase(), amount: item & AMOUNT_MASK,
    how: `an item of BatchPayout batch ${batchId} (payNative, confirmed by its BatchPaid event)`,
  }));
}

/** A CAIP-19 asset of an EVM chain: {token: lowercase contract or 'native'}; undefined for anything else. */
function parseAsset(assetId, chainId) {
  const match = /^eip155:([0-9]+)\/(erc20|slip44):(.+)$/.exec(assetId ?? '');
  if (!match || Number(match[1]) !== chainId) return undefined;
  if (match[2] === 'slip44') return { token: 'native' };
  return isAddress(match[3]) ? { token: match[3].toLowerCase() } : undefined;
}

/** An amount in whole units with its symbol, and in the smallest units the proofs hold. */
function units(amount, decimals, symbol) {
  if (!DIGITS.test(String(amount)) || !Number.isInteger(decimals)) return `${amount} ${symbol} (smallest units)`;
  return `${wholeUnits(amount, decimals)} ${symbol} (${amount} smallest units)`;
}

function wholeUnits(amount, decimals) {
  return DIGITS.test(String(amount)) && Number.isInteger(decimals) ? formatUnits(BigInt(amount), decimals) : String(amount);
}

function shortError(error) {
  return (error?.shortMessage ?? error?.message ?? String(error)).split('\n')[0].replace(/\.+$/, '');
}

