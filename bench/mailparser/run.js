#!/usr/bin/env node
// Peer benchmark: parses the same messages as bench/parse with Node's mailparser
// (simpleParser), on one thread and on N worker threads, and prints messages/s as one JSON
// line per input folder: {"set", "messages", "workers", "seconds", "msgs_per_s"}.
// Usage: node run.js [--workers N] [--min-seconds S] DIR...
// (DIR: a folder of .eml/.txt files, e.g. the text/ and attachments/ folders that
//  `parse_bench --split` writes.) Install first: npm install (in this folder).
'use strict';
const fs = require('fs');
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const { simpleParser } = require('mailparser');

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(eml|txt)$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// Parses `buffers` repeatedly until `minSeconds` have passed; returns [messages, seconds].
async function timedParse(buffers, minSeconds) {
  let count = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (const b of buffers) {
      try {
        await simpleParser(b);
      } catch (e) {
        // A message mailparser refuses still counts as handled, like a refused one in C++.
      }
      count++;
    }
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < minSeconds);
  return [count, elapsed];
}

if (!isMainThread) {
  const buffers = workerData.files.map((f) => fs.readFileSync(f));
  timedParse(buffers, workerData.minSeconds).then(([count, seconds]) => parentPort.postMessage({ count, seconds }));
} else {
  const args = process.argv.slice(2);
  let workers = [1, 2];
  let minSeconds = 3;
  const dirs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--workers') workers = [Number(args[++i])];
    else if (args[i] === '--min-seconds') minSeconds = Number(args[++i]);
    else dirs.push(args[i]);
  }
  if (dirs.length === 0) {
    console.error('usage: node run.js [--workers N] [--min-seconds S] DIR...');
    process.exit(2);
  }
  (async () => {
    for (const dir of dirs) {
      const files = listFiles(dir);
      if (files.length === 0) {
        console.error(`run.js: no .eml or .txt file in ${dir}`);
        process.exit(1);
      }
      for (const n of workers) {
        let count = 0;
        let seconds = 0;
        if (n === 1) {
          const buffers = files.map((f) => fs.readFileSync(f));
          await timedParse(buffers.slice(0, 50), 0);  // warm-up
          [count, seconds] = await timedParse(buffers, minSeconds);
        } else {
          const shares = Array.from({ length: n }, (_, k) => files.filter((_, i) => i % n === k));
          const results = await Promise.all(
            shares.map((share) => new Promise((resolve, reject) => {
              const w = new Worker(__filename, { workerData: { files: share, minSeconds } });
              w.on('message', resolve);
              w.on('error', reject);
            })));
          count = results.reduce((a, r) => a + r.count, 0);
          seconds = Math.max(...results.map((r) => r.seconds));
        }
        console.log(JSON.stringify({
          set: path.basename(dir), messages: files.length, workers: n,
          seconds: Number(seconds.toFixed(3)), msgs_per_s: Number((count / seconds).toFixed(1)),
        }));
      }
    }
  })();
}
