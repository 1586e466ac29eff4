// The portal's /verify page: reads the proof file from the person's disk and shows each finding as it is made.
// Bundled by esbuild into the portal's static resources (static/verify.js); the page's security policy lets it
// connect only to the RPC named in data-rpc-url.
import { parseProofFile, verifyProof, overall } from './verify.mjs';

const OUTCOME = { pass: ['ok', 'passed'], fail: ['bad', 'FAILED'], unchecked: ['warn', 'not checked'], info: ['', 'stated'] };
const SOURCE = { chain: 'from the chain', exchange: 'from the exchange', file: 'computed here' };

function setUp() {
  const section = document.getElementById('verifier');
  if (!section) return;
  const rpcUrl = section.dataset.rpcUrl;
  const button = document.getElementById('verify-button');
  const input = document.getElementById('proof-file');
  const summary = document.getElementById('verify-summary');
  const list = document.getElementById('findings');
  button.addEventListener('click', async () => {
    list.replaceChildren();
    delete summary.dataset.outcome;
    const file = input.files[0];
    if (!file) {
      say(summary, 'error', 'Choose your proof file first.');
      return;
    }
    let proof;
    try {
      proof = parseProofFile(await file.text());
    } catch (error) {
      say(summary, 'error', `This file cannot be checked: ${error.message}.`);
      return;
    }
    button.disabled = true;
    say(summary, '', 'Checking…');
    try {
      const findings = await verifyProof(proof, { rpcUrl, onFinding: (finding) => list.append(item(finding)) });
      const outcome = overall(findings);
      const failed = findings.filter((finding) => finding.outcome === 'fail').length;
      say(summary, outcome === 'pass' ? 'verified' : 'error', {
        pass: 'Every check passed: the chain confirms what the exchange told you.',
        fail: `${failed} check${failed === 1 ? '' : 's'} FAILED: read the lines marked FAILED below.`,
        unchecked: 'No check failed, but some could not be made: read the lines marked “not checked” below.',
      }[outcome]);
      summary.dataset.outcome = outcome;
    } catch (error) {
      say(summary, 'error', `The check stopped: ${error.message}`);
      summary.dataset.outcome = 'fail';
    } finally {
      button.disabled = false;
    }
  });
}

function item(finding) {
  const [style, label] = OUTCOME[finding.outcome];
  const entry = document.createElement('li');
  entry.dataset.outcome = finding.outcome;
  entry.dataset.source = finding.source;
  const outcome = document.createElement('span');
  outcome.className = `badge ${style}`;
  outcome.textContent = label;
  const source = document.createElement('span');
  source.className = `badge source-${finding.source}`;
  source.textContent = SOURCE[finding.source];
  const text = document.createElement('span');
  text.className = 'finding-text';
  text.textContent = finding.text;
  entry.append(outcome, ' ', source, ' ', text);
  return entry;
}

function say(element, style, text) {
  element.className = style;
  element.textContent = text;
}

setUp();
