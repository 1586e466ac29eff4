// keccak256(abi.encode(values)) by MetaMask's ABI encoder and ethereum-cryptography's keccak256, for the Java tests:
//   {"types": ["uint8", "bytes16", ...], "values": [...]} -> {"hash": "0x..."}
// Integers travel as decimal strings, byte strings as 0x hex.
'use strict';
const { encode } = require('@metamask/abi-utils');
const { keccak256 } = require('ethereum-cryptography/keccak');
const { bytesToHex } = require('ethereum-cryptography/utils');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  const convert = (type, value) => {
    if (type.endsWith('[]')) return value.map(element => convert(type.slice(0, -2), element));
    if (type.startsWith('uint')) return BigInt(value);
    return value;
  };
  const values = request.types.map((type, index) => convert(type, request.values[index]));
  process.stdout.write(JSON.stringify({ hash: '0x' + bytesToHex(keccak256(encode(request.types, values))) }));
});
