import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_GOVERNANCE_MODULE } from ".."
import AiCreditsGovernanceModuleService from "../service"

jest.setTimeout(60_000)

const refusal = {
  rule_id: "aiqr_1",
  rule_name: "Chatbot: 2 a day",
  subject: "customer:cus_1",
  bucket_start: "2026-11-25T00:00:00.000Z",
  window_resets_at: "2026-11-26T00:00:00.000Z",
  module: "chatbot",
  metric: "requests",
  requester_type: "customer" as const,
  requester_id: "cus_1",
  requested_amount: 1,
}

moduleIntegrationTestRunner<AiCreditsGovernanceModuleService>({
  moduleName: AI_CREDITS_GOVERNANCE_MODULE,
  resolve: path.join(__dirname, ".."),
  moduleOptions: { bulk_jobs: { concurrency: 2, modules: { embeddings: { items_per_hour: 100 } } }, ai_providers: {} },
  testSuite: ({ service }) => {
    it("keeps one open request per quota counter and window, and a rejection stands until asked explicitly", async () => {
      const first = await service.openApprovalRequest(refusal)
      expect(first).toMatchObject({ created: true, request: { status: "pending" } })
      const again = await Promise.all([service.openApprovalRequest(refusal), service.openApprovalRequest(refusal)])
      expect(again.map((o) => [o.created, o.request.id])).toEqual([
        [false, first.request.id],
        [false, first.request.id],
      ])
      // The next window is another counter.
      expect((await service.openApprovalRequest({ ...refusal, bucket_start: "2026-11-26T00:00:00.000Z" })).created).toBe(true)

      await service.updateAiCreditApprovalRequests({ id: first.request.id, status: "rejected" })
      expect((await service.openApprovalRequest(refusal)).request).toMatchObject({ id: first.request.id, status: "rejected" })
      const asked = await service.openApprovalRequest({ ...refusal, explicit: true, requested_amount: 10 })
      expect(asked).toMatchObject({ created: true, request: { status: "pending", requested_amount: 10 } })
    })

    it("counts approved increases only while they are in force", async () => {
      const now = new Date("2026-11-25T12:00:00Z")
      const make = async (granted: number, expires: string, subject = refusal.subject) => {
        const { request } = await service.openApprovalRequest({ ...refusal, subject, explicit: true, bucket_start: expires })
        await service.updateAiCreditApprovalRequests({ id: request.id, status: "approved", granted_amount: granted, expires_at: new Date(expires) })
      }
      await make(5, "2026-11-25T13:00:00Z")
      await make(3, "2026-11-25T18:00:00Z")
      await make(100, "2026-11-25T11:00:00Z")
      await make(7, "2026-11-25T18:00:00Z", "customer:cus_2")
      const extra = await service.approvedIncreases([{ rule_id: "aiqr_1", subject: "customer:cus_1" }], now)
      expect(extra.get("aiqr_1|customer:cus_1")).toEqual(8)
      expect(await service.approvedIncreases([], now)).toEqual(new Map())
    })

    it("reads the bulk job pace from the plugin's options, per module where set", async () => {
      expect(await service.bulkPaceOf("content")).toEqual({ concurrency: 2, items_per_hour: 3_600 })
      expect(await service.bulkPaceOf("embeddings")).toEqual({ concurrency: 2, items_per_hour: 100 })
    })
  },
})
