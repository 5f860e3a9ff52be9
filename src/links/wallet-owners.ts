import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import SalesChannelModule from "@medusajs/medusa/sales-channel"
import AiCreditsModule from "../modules/ai-credits"

/**
 * Read-only links from a wallet's owner_id to Medusa's own records, so Query can return a
 * wallet with its customer, customer group or sales channel. A wallet has one owner type, so only
 * the link of that type resolves for it.
 */
export const WalletCustomerLink = defineLink(
  { linkable: AiCreditsModule.linkable.aiCreditWallet, field: "owner_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)

export const WalletCustomerGroupLink = defineLink(
  { linkable: AiCreditsModule.linkable.aiCreditWallet, field: "owner_id" },
  CustomerModule.linkable.customerGroup,
  { readOnly: true }
)

export const WalletSalesChannelLink = defineLink(
  { linkable: AiCreditsModule.linkable.aiCreditWallet, field: "owner_id" },
  SalesChannelModule.linkable.salesChannel,
  { readOnly: true }
)

export const PoolMemberSalesChannelLink = defineLink(
  { linkable: AiCreditsModule.linkable.aiCreditPoolMember, field: "sales_channel_id" },
  SalesChannelModule.linkable.salesChannel,
  { readOnly: true }
)
