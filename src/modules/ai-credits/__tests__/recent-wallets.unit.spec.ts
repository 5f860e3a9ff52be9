import { RecentWallets } from "../recent-wallets"

describe("RecentWallets", () => {
  it("forgets the oldest entries beyond its limit", () => {
    const recent = new RecentWallets(2)
    recent.set("aires_1", "aiwal_1")
    recent.set("aires_2", "aiwal_2")
    recent.set("aires_3", "aiwal_3")

    expect(recent.get("aires_1")).toBeUndefined()
    expect(recent.get("aires_2")).toBe("aiwal_2")
    expect(recent.get("aires_3")).toBe("aiwal_3")
  })
})
