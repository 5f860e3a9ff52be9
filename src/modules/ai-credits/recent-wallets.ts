/**
 * Remembers which wallet recent authorizations and owners belong to, so that a capture or release
 * (which names only the authorization) queues behind the same wallet. Bounded: the oldest entries
 * are forgotten first, and a forgotten one only means the call is not queued per wallet.
 */
export class RecentWallets {
  private readonly entries = new Map<string, string>()

  constructor(private readonly limit: number) {}

  get(key: string) {
    return this.entries.get(key)
  }

  set(key: string, walletId: string) {
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) {
        this.entries.delete(oldest)
      }
    }
    this.entries.set(key, walletId)
  }
}
