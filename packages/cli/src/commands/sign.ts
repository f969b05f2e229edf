/**
 * @module commands/sign
 * `mutasibank sign --secret <s> < payload.json`: prints the headers a delivery of exactly those
 * bytes carries, to paste into curl or compare with a receiver's logs.
 */
import { type Command, Option } from 'commander';
import { signWebhook, type WebhookDeliveryHeaders } from 'mutasibank';
import type { CommandIo } from './command-io.js';

/** Options shared by `sign` and `trigger`. */
export interface SigningFlags {
  secret: string;
  timestamp?: string;
  webhookId?: string;
  standard?: boolean;
}

/** Adds the signing options (secret from `--secret` or WEBHOOK_SECRET) to a command. */
export function addSigningOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--secret <secret>',
        'webhook secret (64 characters); prefer the env var: argv is visible in ps',
      )
        .env('WEBHOOK_SECRET')
        .makeOptionMandatory(),
    )
    .option('--timestamp <seconds>', 'Unix time in seconds to sign with (default: now)')
    .option('--webhook-id <id>', 'message id (default: a random UUID)')
    .option('--standard', 'also emit the Standard Webhooks headers (webhook-id, -timestamp, -signature)');
}

/** Signs `payload` with the flags' secret, timestamp, id and scheme. */
export function signWithFlags(
  payload: Uint8Array,
  flags: SigningFlags,
  io: CommandIo,
): WebhookDeliveryHeaders {
  const timestamp = flags.timestamp === undefined ? io.now() : Number(flags.timestamp);
  return signWebhook({
    payload,
    secret: flags.secret,
    timestamp,
    ...(flags.webhookId === undefined ? {} : { webhookId: flags.webhookId }),
    standard: flags.standard === true,
  });
}

/** Registers `sign` on the program. */
export function registerSignCommand(program: Command, io: CommandIo): void {
  addSigningOptions(
    program
      .command('sign')
      .description(
        'print the headers a delivery of the payload on stdin carries (the bytes are signed as they are)',
      ),
  )
    .option('--json', 'print the headers as a JSON object instead of "Name: value" lines')
    .action(async (flags: SigningFlags & { json?: boolean }) => {
      const headers = signWithFlags(await io.readStdin(), flags, io);
      if (flags.json === true) io.stdout(`${JSON.stringify(headers, null, 2)}\n`);
      else
        io.stdout(
          Object.entries(headers)
            .map(([name, value]) => `${name}: ${value}\n`)
            .join(''),
        );
    });
}
