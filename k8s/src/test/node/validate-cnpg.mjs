// Checks CloudNativePG objects against the operator's API schemas, strictly.
//
// Input (stdin): a JSON array of objects (apiVersion postgresql.cnpg.io/v1).
// Output (stdout): a JSON array with one entry per object: {"name": ..., "errors": [...]}; exit 0.
// Exit 2 on unusable input.
//
// The schemas are the validators @kubernetes-models/cloudnative-pg compiles from the operator's Go API
// types (github.com/cloudnative-pg/cloudnative-pg/api/v1). They check types, enums, patterns and required
// fields, but like the API server's structural schemas they let unknown fields through (the server would
// prune them silently). To fail on unknown fields as well, every object is wrapped in a Proxy that records
// which properties the validator reads: a validator reads each property its schema declares and
// enumerates the keys of free-form maps, so a property of a non-map object that was never read is not
// part of the schema.
import { Backup } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Backup";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { Pooler } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Pooler";
import { ScheduledBackup } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup";

const MODELS = { Backup, Cluster, Pooler, ScheduledBackup };
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

function track(value, path, nodes) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const node = { path, value, read: new Set(), enumerated: false };
  nodes.push(node);
  const children = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    children[key] = track(value[key], path + "/" + key, nodes);
  }
  return new Proxy(children, {
    get(target, property, receiver) {
      if (typeof property === "string") {
        node.read.add(property);
      }
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      if (typeof property === "string") {
        node.read.add(property);
      }
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      node.enumerated = true;
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, property) {
      node.enumerated = true;
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
  });
}

function unknownFields(nodes) {
  const unknown = [];
  for (const node of nodes) {
    if (Array.isArray(node.value) || node.enumerated) {
      continue;
    }
    for (const key of Object.keys(node.value)) {
      const path = `${node.path}/${key}`;
      // Report an unknown field once, not again for everything beneath it.
      if (!node.read.has(key) && !unknown.some((known) => path.startsWith(known + "/"))) {
        unknown.push(path);
      }
    }
  }
  return unknown.map((path) => `${path}: unknown field`);
}

function validate(object) {
  const name = `${object?.kind}/${object?.metadata?.name}`;
  const Model = MODELS[object?.kind];
  if (object?.apiVersion !== "postgresql.cnpg.io/v1" || Model === undefined) {
    return { name, errors: [`not a CloudNativePG object this check knows: ${object?.apiVersion} ${object?.kind}`] };
  }
  const nodes = [];
  const tracked = track(object, "", nodes);
  const errors = [];
  try {
    // The model's validate() runs its schema on `this`; called on the tracked copy, not on a model
    // instance, whose constructor would copy (and so read) every property.
    Model.prototype.validate.call(tracked);
  } catch (failure) {
    errors.push(String(failure.message ?? failure));
  }
  const top = nodes[0];
  // apiVersion and kind are checked above; metadata and spec are read by the validator.
  top.read.add("apiVersion");
  top.read.add("kind");
  errors.push(...unknownFields(nodes));
  return { name, errors };
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
  if (input.length > MAX_INPUT_BYTES) {
    console.error(`input over ${MAX_INPUT_BYTES} bytes`);
    process.exit(2);
  }
}
let objects;
try {
  objects = JSON.parse(input);
} catch (failure) {
  console.error(`input is not JSON: ${failure.message}`);
  process.exit(2);
}
if (!Array.isArray(objects)) {
  console.error("input is not a JSON array");
  process.exit(2);
}
process.stdout.write(JSON.stringify(objects.map(validate)));
