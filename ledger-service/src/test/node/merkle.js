// Runs OpenZeppelin's own StandardMerkleTree on JSON from standard input, for the Java tests:
//   {"op": "build", "encoding": [...], "values": [[...], ...]}  -> {"root": ..., "proofs": [[...], ...]}
//   {"op": "verify", "encoding": [...], "root": ..., "leaf": [...], "proof": [...]} -> {"valid": true|false}
'use strict';
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  if (request.op === 'build') {
    const tree = StandardMerkleTree.of(request.values, request.encoding);
    const proofs = request.values.map((_, index) => tree.getProof(index));
    const leafHashes = request.values.map(value => tree.leafHash(value));
    process.stdout.write(JSON.stringify({ root: tree.root, proofs, leafHashes }));
  } else if (request.op === 'verify') {
    let valid;
    try {
      valid = StandardMerkleTree.verify(request.root, request.encoding, request.leaf, request.proof);
    } catch (error) {
      valid = false;
    }
    process.stdout.write(JSON.stringify({ valid }));
  } else {
    throw new Error('unknown op ' + request.op);
  }
});
