import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adjustWalletCreditsWorkflow } from "../../../../workflows"
import { idempotencyKeyHeader, withCreditErrors } from "../../../utils/credit-errors"
import { theStoreId } from "../../../utils/store"
import type { AdminCreateAdjustmentType } from "../validators"

/**
 * A manual adjustment: a positive amount grants credits (creating the wallet when the owner has
 * none), a negative one takes them out. The admin user is recorded on the ledger entry.
 * For the store's default pool (`owner_type: "store"`) `owner_id` may be left out.
 * Send an `Idempotency-Key` header to make a retry safe.
 */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminCreateAdjustmentType>, res: MedusaResponse) => {
    const body = req.validatedBody
    const { result } = await adjustWalletCreditsWorkflow(req.scope).run({
      input: {
        ...body,
        // The store's default pool has one possible owner: the store.
        owner_id: body.owner_id ?? (await theStoreId(req.scope)),
        idempotency_key: idempotencyKeyHeader(req) ?? `admin-adjustment:${crypto.randomUUID()}`,
        actor: { type: "user", id: req.auth_context.actor_id },
      },
    })
    res.status(result.replayed ? 200 : 201).json({ adjustment: result, balance: result.balance })
  }
)
