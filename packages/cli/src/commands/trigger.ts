/**
 * @module commands/trigger
 * `mutasibank trigger --url <url> --secret <s>`: sends one signed sample webhook, the seed README's
 * cURL recipe done right (the exact bytes signed are the bytes sent, a real id and timestamp, a
 * body shaped like a delivery), and prints the receiver's status and body.
 */
import type { Command } from 'commander';
import { formatWibDateTime } from 'mutasibank';
import type { CommandIo } from './command-io.js';
import { addSigningOptions, type SigningFlags, signWithFlags } from './sign.js';

interface TriggerFlags extends SigningFlags {
  url: string;
  apiKey: string;
  payload?: string;
  timeoutMs: string;
}

/** A sample delivery: one incoming transfer booked now (WIB), under the given api key. */
export function samplePayload(apiKey: string, now: Date, mutationId: string): string {
  return JSON.stringify({
    api_key: apiKey,
    account_id: 1,
    module: 'bca',
    account_name: 'PT Contoh Sejahtera',
    account_number: '1234567890',
    balance: 5150123,
    data_mutasi: [
      {
        id: mutationId,
        transaction_date: formatWibDateTime(now),
        description: 'TRSF E-BANKING CR 3112/FTSCY/WS95271 150123.00 SITI AMINAH ORDER-12345',
        type: 'CR',
        amount: 150123,
        balance: 5150123,
      },
    ],
  });
}

/** Registers `trigger` on the program. */
export function registerTriggerCommand(program: Command, io: CommandIo): void {
  addSigningOptions(
    program
      .command('trigger')
      .description('send one signed sample webhook to a receiver and print its answer (exit 1 unless 2xx)')
      .requiredOption('--url <url>', 'the receiver URL, e.g. http://127.0.0.1:3000/webhook/mutasibank'),
  )
    .option(
      '--api-key <key>',
      'api_key in the sample body (the receiver may compare it to its token)',
      'test',
    )
    .option(
      '--payload <file>',
      'send this file as the body instead of the sample (its bytes are signed as is)',
    )
    .option('--timeout-ms <ms>', 'give up after this long', '15000')
    .action(async (flags: TriggerFlags) => {
      const payload =
        flags.payload === undefined
          ? new TextEncoder().encode(samplePayload(flags.apiKey, io.now(), crypto.randomUUID()))
          : await io.readFile(flags.payload);
      const headers = signWithFlags(payload, flags, io);
      io.stderr(
        `POST ${flags.url}  (webhook id ${headers['X-Mutasibank-Webhook-Id']}, ${payload.length} bytes)\n`,
      );
      let response: Response;
      try {
        response = await io.fetch(flags.url, {
          method: 'POST',
          headers,
          body: payload as Uint8Array<ArrayBuffer>,
          redirect: 'manual',
          signal: AbortSignal.timeout(Number(flags.timeoutMs)),
        });
      } catch (error) {
        const reason =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        io.stderr(`request failed: ${reason}\n`);
        io.setExitCode(2);
        return;
      }
      io.stdout(`HTTP ${response.status} ${response.statusText}\n${await response.text()}\n`);
      if (response.status < 200 || response.status >= 300) io.setExitCode(1);
    });
}
