// Counted drops and outcomes: every malformed, forged or unanswerable packet increments one
// named counter (STYLE.md: malformed input is counted by reason and dropped).

export class Counters {
  private readonly values = new Map<string, number>()

  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by)
  }

  get(name: string): number {
    return this.values.get(name) ?? 0
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.values].sort(([a], [b]) => a.localeCompare(b)))
  }
}
