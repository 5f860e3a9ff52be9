import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { CREDIT_PACKAGE_FILLS, CREDIT_PACKAGE_KINDS } from "../../client/enums"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Switch, Text, createDataTableColumnHelper, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { z } from "zod"
import { FormDrawer, GrantPriorityField, TextField, useZodForm } from "../components/form"
import { SelectField } from "../components/form-select"
import { ListTable } from "../components/list-table"
import { SectionHeader } from "../components/states"
import { usePackages, useProductVariants, useSavePackage } from "../hooks/api/packages"
import { errorMessage } from "../lib/api"
import {
  FILL_LABELS,
  type CreditPackage,
  type CreditPackageInput,
} from "../lib/credit-packs"
import { formatCredits, humanize } from "../lib/format"
import { grantPriorityText } from "../lib/form-schemas"

type Editing = { variantId: string; variantTitle: string; pack: CreditPackage | null }

const KIND_OPTIONS = CREDIT_PACKAGE_KINDS.map((k) => ({ value: k, label: humanize(k) }))
const FILL_OPTIONS = CREDIT_PACKAGE_FILLS.map((f) => ({ value: f, label: FILL_LABELS[f] }))

const wholeAtLeastOne = /^[1-9]\d*$/

/** The package's terms as typed; the output is the request body. */
const PackageSchema = z.object({
  credits: z.string().trim().regex(wholeAtLeastOne, "A whole number of credits, at least 1.").transform(Number),
  validity_days: z
    .string()
    .trim()
    .refine((v) => v === "" || wholeAtLeastOne.test(v), "Whole days, at least 1; empty: the credits never expire.")
    .transform((v) => (v === "" ? null : Number(v))),
  priority: grantPriorityText,
  kind: z.enum(CREDIT_PACKAGE_KINDS),
  fills: z.enum(CREDIT_PACKAGE_FILLS),
  is_active: z.boolean(),
})
type PackageForm = z.input<typeof PackageSchema>

function formOf(pack: CreditPackage | null): PackageForm {
  return {
    credits: pack ? String(pack.credits) : "",
    validity_days: pack?.validity_days ? String(pack.validity_days) : "",
    priority: pack ? String(pack.priority) : "",
    kind: pack?.kind ?? "prepaid",
    fills: pack?.fills ?? "buyer",
    is_active: pack?.is_active ?? true,
  }
}

/** Creates or edits the credit package of one variant. */
const PackageDrawer = ({ editing, onClose }: { editing: Editing | null; onClose: () => void }) => {
  const form = useZodForm(PackageSchema, formOf(editing?.pack ?? null), editing)

  const save = useSavePackage({
    onSuccess: () => {
      toast.success("Credit package saved")
      onClose()
    },
    onError: (error) => toast.error("Could not save the credit package", { description: errorMessage(error) }),
  })

  const submit = form.handleSubmit(({ priority, ...terms }) => {
    const body: CreditPackageInput = { ...terms, ...(priority === undefined ? {} : { priority }) }
    save.mutate(editing?.pack ? { id: editing.pack.id, body } : { create: { ...body, variant_id: editing!.variantId } })
  })
  const isActive = form.watch("is_active")

  return (
    <FormDrawer
      open={Boolean(editing)}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={editing?.pack ? "Edit credit package" : "Sell AI credits"}
      description={`Variant: ${editing?.variantTitle ?? ""}. A captured payment for it grants these credits.`}
      submitLabel="Save"
      isPending={save.isPending}
      onSubmit={submit}
    >
      <TextField form={form} name="credits" id="package-credits" label="Credits per unit" inputMode="numeric" />
      <TextField
        form={form}
        name="validity_days"
        id="package-validity"
        label="Valid for (days)"
        optional
        inputMode="numeric"
        hint="Empty: the credits never expire."
      />
      <GrantPriorityField form={form} name="priority" id="package-priority" />
      <SelectField form={form} name="kind" id="package-kind" label="Kind" options={KIND_OPTIONS} />
      <SelectField form={form} name="fills" id="package-fills" label="Fills" options={FILL_OPTIONS} />
      <div className="flex items-center gap-x-2">
        <Switch id="package-active" checked={isActive} onCheckedChange={(v) => form.setValue("is_active", v)} />
        <label htmlFor="package-active" className="txt-small">
          Offer in upgrade prompts
        </label>
      </div>
    </FormDrawer>
  )
}

type Variant = { id: string; title: string | null }

const variantColumn = createDataTableColumnHelper<Variant>()

/** Each variant, the credit package it sells (if any) and the button that edits or creates it. */
const variantColumns = (byVariant: Map<string, CreditPackage>, onEdit: (editing: Editing) => void) => [
  variantColumn.accessor("title", { header: "Variant", cell: ({ row: { original: v } }) => v.title ?? v.id }),
  variantColumn.display({
    id: "package",
    header: "Credit package",
    cell: ({ row: { original: v } }) => {
      const pack = byVariant.get(v.id)
      return pack ? (
        <div className="flex flex-wrap items-center gap-2">
          <Text size="small" className="tabular-nums">
            {formatCredits(pack.credits)} credits · {humanize(pack.kind)} ·{" "}
            {pack.validity_days ? `${pack.validity_days} days` : "no expiry"}
          </Text>
          {pack.is_active ? null : <Badge size="2xsmall">Not offered</Badge>}
        </div>
      ) : (
        <Text size="small" className="text-ui-fg-muted">
          —
        </Text>
      )
    },
  }),
  variantColumn.display({
    id: "actions",
    cell: ({ row: { original: v } }) => {
      const pack = byVariant.get(v.id) ?? null
      return (
        <div className="text-right">
          <Button size="small" variant="secondary" onClick={() => onEdit({ variantId: v.id, variantTitle: v.title ?? v.id, pack })}>
            {pack ? "Edit" : "Sell credits"}
          </Button>
        </div>
      )
    },
  }),
]

/** On a product's page: which variants sell AI credits, and on what terms (editable). */
const ProductAiCreditsWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const [editing, setEditing] = useState<Editing | null>(null)
  const packages = usePackages()
  // The page's product may come without its variants: ask for them.
  const variantsQuery = useProductVariants(product.id)
  // The package lookup and the columns change only when the packages load, so DataTable keeps its rows.
  const byVariant = useMemo(
    () =>
      new Map((packages.data?.packages ?? []).flatMap((p) => (p.product_variant ? [[p.product_variant.id, p] as const] : []))),
    [packages.data]
  )
  const columns = useMemo(() => variantColumns(byVariant, setEditing), [byVariant])
  const variants = variantsQuery.data?.variants ?? []
  const sellsCredits = variants.some((v) => byVariant.has(v.id))

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="AI credits"
        description={sellsCredits ? "Buying these variants grants AI credits." : "None of this product's variants sells AI credits."}
      />
      <ListTable
        rows={variants}
        columns={columns}
        query={{
          isLoading: packages.isLoading || variantsQuery.isLoading,
          error: packages.error ?? variantsQuery.error,
          refetch: () => Promise.all([packages.refetch(), variantsQuery.refetch()]),
        }}
        empty={{ title: "This product has no variants" }}
      />
      <PackageDrawer editing={editing} onClose={() => setEditing(null)} />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product.details",
  id: "medusa-ai-credits:product-credit-packages",
})

export default ProductAiCreditsWidget
