#!/usr/bin/env node
// Validates HAR files against the HAR 1.2 JSON schema with har-validator.
//
//   node tools/har-validate/validate.js file.har [more.har ...]
//
// Exits 0 when every file is valid HAR 1.2. Otherwise prints each file's errors to stderr and
// exits 1 (2 for a usage error). Install its one dependency first:
//
//   npm ci --prefix tools/har-validate
'use strict';

const fs = require('fs');

let validator;
try {
  validator = require('har-validator');
} catch (err) {
  process.stderr.write(
    'har-validate: har-validator is not installed: run `npm ci --prefix tools/har-validate`\n');
  process.exit(2);
}

function formatErrors(errors) {
  return (errors || []).map((e) => {
    const where = e.dataPath || e.instancePath || '(root)';
    const extra = e.params ? ' ' + JSON.stringify(e.params) : '';
    return `  ${where}: ${e.message}${extra}`;
  }).join('\n');
}

async function validateFile(file) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return `${file}: not readable JSON: ${err.message}`;
  }
  try {
    await validator.har(data);
  } catch (err) {
    if (err && err.errors) {
      return `${file}: not valid HAR 1.2:\n${formatErrors(err.errors)}`;
    }
    return `${file}: ${err && err.message ? err.message : err}`;
  }
  if (!data.log || data.log.version !== '1.2') {
    return `${file}: log.version is ${JSON.stringify(data.log && data.log.version)}, want "1.2"`;
  }
  return null;
}

async function main(files) {
  if (files.length === 0) {
    process.stderr.write('usage: node tools/har-validate/validate.js file.har [more.har ...]\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const problem = await validateFile(file);
    if (problem) {
      failed++;
      process.stderr.write(problem + '\n');
    } else {
      process.stdout.write(`${file}: valid HAR 1.2\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`har-validate: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
