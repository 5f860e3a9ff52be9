import { MedusaService } from "@medusajs/framework/utils"
import {
  CreditGrant,
  CreditLedgerEntry,
  CreditPoolMember,
  CreditReservation,
  CreditWallet,
} from "./models"

class AiCreditsModuleService extends MedusaService({
  CreditWallet,
  CreditGrant,
  CreditLedgerEntry,
  CreditReservation,
  CreditPoolMember,
}) {}

export default AiCreditsModuleService
