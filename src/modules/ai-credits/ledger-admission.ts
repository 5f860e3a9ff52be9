/**
 * Admission control for ledger calls made outside a caller's transaction.
 *
 * Measured (`npm run bench`, docs/PERFORMANCE.md): PostgreSQL spends about twice the CPU per
 * authorize + capture pair when 32 calls run at once as when a handful do (context switches, lock
 * queues), and a wallet that many requests hit at once is worst: every waiter on its row lock is
 * woken and put back to sleep. So a process keeps at most `concurrency` ledger calls in PostgreSQL
 * at a time, and at most `perWallet` per wallet; the rest wait in order in memory, which costs next
 * to nothing. Every guarantee still comes from PostgreSQL (row locks, one transaction per call):
 * this only decides when a call is sent.
 *
 * Calls inside a caller's transaction are never queued: that transaction may hold a wallet's lock
 * that an admitted call is waiting for.
 *
 * The module service uses it for the per-wallet limit; the limit per process is the number of
 * connections its LedgerBatcher (ledger-batch.ts) uses at once.
 */
export class LedgerAdmission {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private readonly wallets = new Map<string, { active: number; waiting: (() => void)[] }>()

  constructor(
    private readonly concurrency: number,
    private readonly perWallet: number
  ) {}

  /** Runs `task` once a slot for the process and for `walletKey` (when known) is free. */
  async run<T>(walletKey: string | undefined, task: () => Promise<T>): Promise<T> {
    const wallet = walletKey ? await this.enterWallet(walletKey) : undefined
    try {
      await this.enter()
      try {
        return await task()
      } finally {
        this.leave()
      }
    } finally {
      if (walletKey && wallet) {
        this.leaveWallet(walletKey, wallet)
      }
    }
  }

  private async enter() {
    if (this.active < this.concurrency) {
      this.active++
      return
    }
    // The slot is handed over by leave(): `active` stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private leave() {
    const next = this.waiting.shift()
    if (next) {
      next()
    } else {
      this.active--
    }
  }

  private async enterWallet(key: string) {
    let wallet = this.wallets.get(key)
    if (!wallet) {
      wallet = { active: 0, waiting: [] }
      this.wallets.set(key, wallet)
    }
    if (wallet.active < this.perWallet) {
      wallet.active++
    } else {
      const queue = wallet.waiting
      await new Promise<void>((resolve) => queue.push(resolve))
    }
    return wallet
  }

  private leaveWallet(key: string, wallet: { active: number; waiting: (() => void)[] }) {
    const next = wallet.waiting.shift()
    if (next) {
      next()
      return
    }
    wallet.active--
    if (wallet.active === 0) {
      this.wallets.delete(key)
    }
  }
}

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
