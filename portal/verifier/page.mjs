// The portal's /verify page: reads the proof file from the person's disk and shows each finding as it is made.
// Bundled by esbuild into the portal's static resources (static/verify.js); the page's security policy lets it
// connect only to the RPC named in data-rpc-url. Its own words come in the page's language from the section's
// data-text-* attributes (the portal's message bundle); English where an attribute is missing.
import { parseProofFile, verifyProof, overall } from './verify.mjs';

const ENGLISH = {
  passed: 'passed', failed: 'FAILED', unchecked: 'not checked', stated: 'stated',
  chain: 'from the chain', exchange: 'from the exchange', file: 'computed here',
  chooseFile: 'Choose your proof file first.', unreadable: 'This file cannot be checked: %s.', checking: 'Checking…',
  allPassed: 'Every check passed: the chain confirms what the exchange told you.',
  oneFailed: '1 check FAILED: read the line marked FAILED below.',
  someFailed: '%s checks FAILED: read the lines marked FAILED below.',
  someUnchecked: 'No check failed, but some could not be made: read the lines marked “not checked” below.',
  stopped: 'The check stopped: %s',
};
let TEXT = ENGLISH;
let OUTCOME = {};
let SOURCE = {};

function texts(section) {
  const text = {};
  for (const key of Object.keys(ENGLISH)) {
    const attribute = 'text' + key.charAt(0).toUpperCase() + key.slice(1);
    text[key] = section.dataset[attribute] || ENGLISH[key];
  }
  return text;
}

function fill(template, value) {
  return template.replace('%s', String(value));
}

function setUp() {
  const section = document.getElementById('verifier');
  if (!section) return;
  TEXT = texts(section);
  OUTCOME = { pass: ['ok', TEXT.passed], fail: ['bad', TEXT.failed], unchecked: ['warn', TEXT.unchecked], info: ['', TEXT.stated] };
  SOURCE = { chain: TEXT.chain, exchange: TEXT.exchange, file: TEXT.file };
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
      say(summary, 'error', TEXT.chooseFile);
      return;
    }
    let proof;
    try {
      proof = parseProofFile(await file.text());
    } catch (error) {
      say(summary, 'error', fill(TEXT.unreadable, error.message));
      return;
    }
    button.disabled = true;
    say(summary, '', TEXT.checking);
    try {
      const findings = await verifyProof(proof, { rpcUrl, onFinding: (finding) => list.append(item(finding)) });
      const outcome = overall(findings);
      const failed = findings.filter((finding) => finding.outcome === 'fail').length;
      say(summary, outcome === 'pass' ? 'verified' : 'error', {
        pass: TEXT.allPassed,
        fail: failed === 1 ? TEXT.oneFailed : fill(TEXT.someFailed, failed),
        unchecked: TEXT.someUnchecked,
      }[outcome]);
      summary.dataset.outcome = outcome;
    } catch (error) {
      say(summary, 'error', fill(TEXT.stopped, error.message));
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
