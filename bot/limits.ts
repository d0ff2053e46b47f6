/** Flow control for incoming messages, all in memory: it guards one bot process. */

/**
 * At most `perMinute` messages a minute from one sender. The message that goes over gets one
 * polite notice; the sender is then ignored for `muteMs`.
 */
export class SenderLimit {
  private readonly recent = new Map<string, number[]>();
  private readonly mutedUntil = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly muteMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(sender: string): 'ok' | 'notice' | 'drop' {
    const now = this.now();
    if ((this.mutedUntil.get(sender) ?? 0) > now) return 'drop';
    this.mutedUntil.delete(sender);
    const times = (this.recent.get(sender) ?? []).filter((t) => t > now - 60_000);
    times.push(now);
    this.recent.set(sender, times);
    if (times.length <= this.perMinute) return 'ok';
    this.recent.delete(sender);
    this.mutedUntil.set(sender, now + this.muteMs);
    return 'notice';
  }
}

/** The last `size` ids seen: a message or push delivered twice is handled once. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly size = 1000) {}

  /** False when the id was already seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.size) this.ids.delete(this.ids.values().next().value!);
    return true;
  }

  delete(id: string): void {
    this.ids.delete(id);
  }
}

/** Runs each sender's work one piece at a time, in arrival order, so replies keep their order. */
export class PerSender {
  private readonly tails = new Map<string, Promise<void>>();

  run(sender: string, work: () => Promise<void>): Promise<void> {
    const tail = (this.tails.get(sender) ?? Promise.resolve()).then(work);
    const settled = tail.catch(() => undefined);
    this.tails.set(sender, settled);
    void settled.then(() => {
      if (this.tails.get(sender) === settled) this.tails.delete(sender);
    });
    return tail;
  }

  /** Resolves when everything queued so far has finished. */
  async drain(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
