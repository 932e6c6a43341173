/**
 * At most `size` messages between "handed to the SMTP server" and "recorded as sent": a slot is
 * taken before a message goes out and given back once its record has committed (or it failed).
 * A kill -9 can then leave unrecorded, to be sent again, only as many messages as there are
 * connections, each on the wire or just accepted; without slots, messages accepted while a record
 * was being written piled up unrecorded behind it (a slow database: several per kill).
 */
export function sendSlots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async take(): Promise<void> {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give(): void {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
