'use strict';
// node package-json.js FILE FIELD: print a string field of package.json (scripts.start,
// engines.node), or nothing when it is absent. Exit 2 with the reason when the file is too large,
// is not JSON, or the field is not a string. Run by the server: the file is read with a size limit.
const fs = require('fs');

const MAX_BYTES = 1024 * 1024;
const [file, field] = process.argv.slice(2);

function fail(message) {
  console.log(message);
  process.exit(2);
}

const size = fs.statSync(file).size;
if (size > MAX_BYTES) fail(`package.json is ${size} bytes, over the limit of ${MAX_BYTES} (1 MiB): keep it small`);
let json;
try {
  json = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  fail(`package.json is not valid JSON (${e.message}): fix it`);
}
let value = json;
for (const key of field.split('.')) {
  value = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
}
if (value === undefined || value === null) process.exit(0);
if (typeof value !== 'string') fail(`package.json: ${field} must be a string, not ${JSON.stringify(value)}`);
console.log(value);
