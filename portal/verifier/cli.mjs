#!/usr/bin/env node
// The verifier for auditors and claimants on the command line: the same checks as the portal's /verify page.
//   node verifier/cli.mjs --proof proof.json --rpc https://rpc.example
// Prints one line per finding: its outcome (ok, FAIL, UNCHECKED, or "stated" for what the exchange says, which the
// lines after it check), where its fact came from (the chain, the exchange, or computed here from the file).
// Exit status: 0 every check passed; 1 a check failed (the line says which); 2 nothing failed but something
// could not be checked (no commitment published yet, a payment on another chain than the RPC's); 64 bad usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProofFile, verifyProof, overall } from './verify.mjs';

const USAGE = 'usage: node verifier/cli.mjs --proof <proof file> --rpc <RPC URL of the commitments\' chain>';
const LABEL = { pass: 'ok       ', fail: 'FAIL     ', unchecked: 'UNCHECKED', info: 'stated   ' };
const SOURCE = { chain: 'from the chain   ', exchange: 'from the exchange', file: 'computed here    ' };

let options;
try {
  ({ values: options } = parseArgs({ options: { proof: { type: 'string' }, rpc: { type: 'string' }, help: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(64);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!options.proof || !options.rpc) {
  console.error(`${!options.proof ? '--proof' : '--rpc'} is missing\n${USAGE}`);
  process.exit(64);
}
if (!/^https?:\/\/[^\s]+$/.test(options.rpc)) {
  console.error(`--rpc must be an http or https URL, not ${JSON.stringify(options.rpc)}`);
  process.exit(64);
}
let proof;
try {
  proof = parseProofFile(readFileSync(options.proof, 'utf8'));
} catch (error) {
  console.error(`${options.proof}: ${error.message}`);
  process.exit(1);
}
const findings = await verifyProof(proof, {
  rpcUrl: options.rpc,
  onFinding: (finding) => console.log(`${LABEL[finding.outcome]} ${SOURCE[finding.source]}  ${finding.text}`),
});
const outcome = overall(findings);
const failed = findings.filter((finding) => finding.outcome === 'fail').length;
const unchecked = findings.filter((finding) => finding.outcome === 'unchecked').length;
if (outcome === 'fail') {
  console.error(`${failed} check${failed === 1 ? '' : 's'} FAILED: see the lines marked FAIL.`);
  process.exit(1);
}
if (outcome === 'unchecked') {
  console.error(`No check failed, but ${unchecked} could not be made: see the lines marked UNCHECKED.`);
  process.exit(2);
}
console.log('Every check passed.');
