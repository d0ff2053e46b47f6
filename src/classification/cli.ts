/**
 * Reads one message per line on stdin and writes one JSON classification per line on stdout.
 * Usage: npm run -s classify < messages.txt
 */
import { createInterface } from 'node:readline';
import { classify } from './classifier';

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!process.stdout.write(`${JSON.stringify(classify(line))}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`classify: ${String(error)}\n`);
  process.exitCode = 1;
});
