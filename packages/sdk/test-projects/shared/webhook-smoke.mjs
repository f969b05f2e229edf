/**
 * @module test-projects/shared/webhook-smoke
 * The checks every runtime smoke runs against the BUILT package: every signature vector through
 * every verifier the runtime has, and sign -> verify round trips (rotation, standard signature).
 * Plain JavaScript, no imports, so Bun, Deno and workerd run it as is.
 */

async function codeOf(run) {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error?.name === 'WebhookVerificationError') return error.code;
    return `unexpected ${error?.name}: ${error?.message}`;
  }
}

/**
 * @param {object} input
 * @param {object} input.vectors the parsed fixtures/webhook-signatures.json
 * @param {Record<string, (options: object) => unknown>} input.verifiers name -> verify function
 * @param {Record<string, (options: object) => unknown>} input.signers name -> sign function
 * @returns {Promise<{ checks: number, failures: string[] }>}
 */
export async function runWebhookSmoke({ vectors, verifiers, signers }) {
  const failures = [];
  let checks = 0;
  const now = new Date(vectors.now * 1000);
  const expectCode = async (label, expected, run) => {
    checks++;
    const actual = await codeOf(run);
    if (actual !== expected) failures.push(`${label}: expected ${expected}, got ${actual}`);
  };

  for (const [verifierName, verify] of Object.entries(verifiers)) {
    for (const vector of vectors.cases) {
      await expectCode(`${verifierName} / ${vector.name}`, vector.expect, () =>
        verify({
          payload: vector.body,
          headers: vector.headers,
          secret: vector.secrets ?? vectors.secret,
          now,
          toleranceSeconds: vectors.toleranceSeconds,
        }),
      );
    }
  }

  const body = vectors.cases[0].body;
  const oldSecret = 'f'.repeat(64);
  for (const [signerName, sign] of Object.entries(signers)) {
    const headers = await sign({
      payload: body,
      secret: [vectors.secret, oldSecret],
      timestamp: now,
      standard: true,
    });
    for (const [verifierName, verify] of Object.entries(verifiers)) {
      const label = `${signerName} -> ${verifierName}`;
      await expectCode(`${label} (compatible, rotated)`, 'ok', () =>
        verify({ payload: body, headers, secret: oldSecret, now }),
      );
      await expectCode(`${label} (standard)`, 'ok', () =>
        verify({ payload: body, headers, secret: vectors.secret, now, requireStandardSignature: true }),
      );
      await expectCode(`${label} (tampered)`, 'invalid_signature', () =>
        verify({ payload: body.replace('150123', '950123'), headers, secret: vectors.secret, now }),
      );
      checks++;
      const event = await verify({
        payload: new TextEncoder().encode(body),
        headers,
        secret: vectors.secret,
        now,
      });
      const mutation = event.mutations[0];
      if (mutation.direction !== 'credit' || mutation.amount !== 150123)
        failures.push(`${label}: wrong view`);
      if (mutation.transactedAt.toISOString() !== '2025-12-31T14:15:04.000Z')
        failures.push(`${label}: wrong WIB date`);
      if (JSON.stringify(event).includes('TOKEN-EXAMPLE')) failures.push(`${label}: api_key not redacted`);
    }
  }
  return { checks, failures };
}

/** Prints the one summary line the runtime test reads, and returns the process exit code. */
export function reportSmoke(runtime, result, extra = {}) {
  console.log(
    `SMOKE ${JSON.stringify({ runtime, checks: result.checks, failures: result.failures, ...extra })}`,
  );
  return result.failures.length === 0 ? 0 : 1;
}
