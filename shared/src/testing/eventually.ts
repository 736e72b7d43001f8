// Tests wait for asynchronous effects (a message handled, a row written) by polling, with a deadline that names
// what was awaited.

export async function eventually(
  check: () => boolean | Promise<boolean>, what: string, { timeoutMs = 20_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
