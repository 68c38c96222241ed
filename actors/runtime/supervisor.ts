// Supervisor: decides whether a failed actor may be restarted. A failure never travels up the
// stack; the actor is dropped and restarted from saved state, at most `maxRestarts` per window,
// then left cold for a cool-down (Erlang/OTP restart intensity; proto.actor's OneForOne strategy).

export interface RestartPolicy {
  /** Restarts allowed within `windowMs` (default 5). */
  maxRestarts: number
  windowMs: number
  /** How long activation is refused once the limit is passed (default 10 s). */
  coolDownMs: number
}

export const defaultRestartPolicy: RestartPolicy = { maxRestarts: 5, windowMs: 10_000, coolDownMs: 10_000 }

interface FailureRecord { times: number[]; coolUntil: number }

/** Per-key failure history; keys are forgotten once their failures age out. */
export class Supervisor {
  readonly policy: RestartPolicy
  readonly #failures = new Map<string, FailureRecord>()

  constructor(policy: Partial<RestartPolicy> = {}) {
    this.policy = { ...defaultRestartPolicy, ...policy }
  }

  /** Records a failure of `key` at monotonic time `now`; true when the key is now cooling down. */
  recordFailure(key: string, now: number): boolean {
    const rec = this.#failures.get(key) ?? { times: [], coolUntil: 0 }
    rec.times = rec.times.filter((t) => now - t < this.policy.windowMs)
    rec.times.push(now)
    if (rec.times.length > this.policy.maxRestarts) {
      rec.coolUntil = now + this.policy.coolDownMs
      rec.times = []
    }
    this.#failures.set(key, rec)
    return rec.coolUntil > now
  }

  /** Milliseconds left of `key`'s cool-down (0: it may be activated). */
  coolDownLeft(key: string, now: number): number {
    const rec = this.#failures.get(key)
    return rec === undefined ? 0 : Math.max(0, rec.coolUntil - now)
  }

  /** True when `key` failed before and its next activation is a restart. */
  hasFailed(key: string): boolean {
    return this.#failures.has(key)
  }

  /** Forgets keys with no failure in the window and no cool-down left. */
  sweep(now: number): void {
    for (const [key, rec] of this.#failures) {
      if (rec.coolUntil <= now && rec.times.every((t) => now - t >= this.policy.windowMs)) this.#failures.delete(key)
    }
  }
}
