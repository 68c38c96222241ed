// Per-rule hit counts on this node (requirements §7.5: "The Hit Count column on the Auth Policies
// page displays the number of NAC events for each rule" L3880; "Rule ids must be stable across
// reorders"). An in-memory counter per rule key; aggregation across nodes and time buckets is a
// later step that reads hits().

/** The implicit last rule's key (L4665 "Last | Last Rule | All Users | Network Access Denied"). */
export const LAST_RULE_KEY = 'last'

export class RuleHits {
  private readonly counts = new Map<string, number>()

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  /** A snapshot: rule key -> hits since this node started counting it. */
  hits(): ReadonlyMap<string, number> {
    return new Map(this.counts)
  }

  /** Counts of the keys still present, carried over from a previous compile of the policy. */
  static carriedOver(previous: RuleHits | undefined, keys: readonly string[]): RuleHits {
    const next = new RuleHits()
    if (previous === undefined) return next
    for (const k of [...keys, LAST_RULE_KEY]) {
      const n = previous.counts.get(k)
      if (n !== undefined) next.counts.set(k, n)
    }
    return next
  }
}
