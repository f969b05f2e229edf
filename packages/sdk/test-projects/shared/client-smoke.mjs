/**
 * @module test-projects/shared/client-smoke
 * The API client in a runtime: a few calls against the fake API the runner serves on 127.0.0.1
 * (string amounts like the hosted service sends, normalised to integer rupiah), an error mapped to
 * its class, and a form-encoded POST. Pushes failures instead of throwing, so every runtime
 * reports the same way.
 */

/** Runs the client checks; `sdk` is the package as the runtime resolved it. */
export async function runClientSmoke(sdk, { baseUrl, token }) {
  const failures = [];
  let checks = 0;
  const check = (ok, message) => {
    checks++;
    if (!ok) failures.push(`client: ${message}`);
  };
  try {
    const client = new sdk.MutasibankClient({ token, baseUrl, maxRetries: 0 });
    const user = await client.getUser();
    check(user.saldo === 250000, `getUser saldo ${JSON.stringify(user.saldo)} is not 250000`);
    const [account] = await client.getAccounts();
    check(account?.balance === 5000000, `getAccounts balance ${JSON.stringify(account?.balance)}`);
    const statements = await client.getStatements(42, '2025-01-10', '2025-01-11');
    const amounts = statements.data.map((m) => m.amount).join(',');
    check(amounts === '100000,15000', `getStatements amounts ${amounts}`);
    const match = await client.matchTransaction(42, 100000);
    check(match.valid === true && match.data?.amount === 100000, 'matchTransaction did not match 100000');
    try {
      await new sdk.MutasibankClient({ token: 'wrong', baseUrl, maxRetries: 0 }).getUser();
      check(false, 'a wrong token did not throw');
    } catch (err) {
      check(err instanceof sdk.MutasibankAuthenticationError, `wrong token threw ${err?.name}`);
    }
    try {
      await client.matchTransaction(42, -1);
      check(false, 'a negative amount was sent');
    } catch (err) {
      check(err instanceof sdk.MutasibankInvalidRequestError, `negative amount threw ${err?.name}`);
    }
  } catch (err) {
    failures.push(`client: unexpected ${err?.name}: ${err?.message}`);
  }
  return { checks, failures };
}
