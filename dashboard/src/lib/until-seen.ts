/**
 * After a write, the read models catch up within moments: ask the read side again until it shows
 * the command's result, so a view never shows a stale list after a successful write.
 */
export async function untilSeen<T>(
  read: () => Promise<T>,
  seen: (value: T) => boolean,
  { attempts = 40, delayMs = 100 }: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  let value = await read();
  for (let i = 1; i < attempts && !seen(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs * i, 500)));
    value = await read();
  }
  return value;
}
